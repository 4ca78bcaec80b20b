/**
 * Runs one stand-in lab on the k3s target the way `verify` and `npm run lab`
 * do (signal clean-up installed, the target tracked), in its own process, so
 * a test can interrupt it with SIGINT or SIGTERM. Stand-in nodes only: a test
 * of our orchestration, not a cluster run.
 *
 * Usage: node --import tsx tests/docker/k3s-standin-run.ts <nodes>
 * Prints one line per factory event ("creating agent-1", "started server")
 * and ends with PASSED or FAILED; the nodes never become Ready, so it runs
 * until it is interrupted (or its lab timeout of 600 s).
 */
import { checkStep } from '../../scripts/check/index.ts';
import { installSignalCleanup, interrupted, track, untrack } from '../../scripts/run/cleanup.ts';
import { K3sTarget } from '../../scripts/run/k3s-target.ts';
import { runLab } from '../../scripts/run/runner.ts';
import { standInNodes } from './k3s-standin.ts';
import { standInLab, STANDIN_K3S_IMAGE } from './k3s-standin-support.ts';

const nodes = Number(process.argv[2] ?? '2');
const lab = standInLab({ nodes, timeout: 600 });
const factory = standInNodes({ readyAfterS: 100_000, onEvent: (e) => process.stdout.write(`${e.what} ${e.name}\n`) });
const target = new K3sTarget(STANDIN_K3S_IMAGE, lab.options, { nodeFactory: factory, readyTimeoutS: 600 });
installSignalCleanup((line) => process.stderr.write(`${line}\n`));
track(target);
const run = await runLab(lab, target, { check: checkStep });
untrack(target);
// After SIGINT/SIGTERM the signal handler exits (130) once every container and network is gone, as in verify.
if (!interrupted()) {
	process.stdout.write(run.ok ? 'PASSED\n' : `FAILED: ${run.failure?.phase}\n`);
	process.exit(run.ok ? 0 : 1);
}
