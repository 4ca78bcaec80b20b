/**
 * The GitHub workflows cannot run here, so the unit tier checks what they rely
 * on: GitHub's own workflow parser accepts them, and the triggers, the k3s
 * matrix, the commands and the artifact upload are the ones CONTRIBUTING.md
 * describes.
 */
import { readFileSync } from 'node:fs';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_K3S_IMAGE } from '../../scripts/model/k3s-image.ts';

const DIR = '.github/workflows';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	if?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	env?: Record<string, string>;
	strategy?: { 'fail-fast'?: boolean; matrix?: { include?: Array<{ minor: string; image: string }> } };
	steps: Step[];
	permissions?: Record<string, string>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function load(file: string): { text: string; workflow: Workflow } {
	const text = readFileSync(`${DIR}/${file}`, 'utf8');
	return { text, workflow: parse(text) as Workflow };
}

function githubErrors(name: string, content: string): string[] {
	const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
	return result.context.errors.getErrors().map((e) => e.message);
}

const minorOf = (image: string) => /^rancher\/k3s:v1\.(\d+)\.\d+-k3s\d+$/.exec(image)?.[1];
const packageScripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('workflow files', () => {
	for (const file of ['verify.yml', 'refresh-outputs.yml']) {
		it(`${file} is valid for GitHub's own workflow parser`, () => {
			expect(githubErrors(file, load(file).text)).toEqual([]);
		});
	}

	it('the parser used above does reject a broken workflow', () => {
		const broken = load('verify.yml').text.replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest');
		expect(githubErrors('broken.yml', broken).join('\n')).toMatch(/runs-onn/);
	});

	it('pins every action to a major version or a full commit SHA', () => {
		for (const file of ['verify.yml', 'refresh-outputs.yml']) {
			for (const job of Object.values(load(file).workflow.jobs)) {
				for (const step of job.steps.filter((s) => s.uses)) {
					expect(step.uses, `${file}: ${step.uses}`).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40})$/);
				}
			}
		}
	});

	it('only runs npm scripts that package.json defines', () => {
		for (const file of ['verify.yml', 'refresh-outputs.yml']) {
			for (const job of Object.values(load(file).workflow.jobs)) {
				for (const step of job.steps) {
					for (const [, script] of (step.run ?? '').matchAll(/npm run ([\w:-]+)/g)) {
						expect(packageScripts, `${file} runs npm run ${script}`).toHaveProperty(script!);
					}
				}
			}
		}
	});
});

describe('verify.yml', () => {
	const { workflow } = load('verify.yml');
	const labs = workflow.jobs.labs!;

	it('runs on pull requests, nightly and by hand', () => {
		expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'schedule', 'workflow_dispatch']));
		const [cron] = (workflow.on.schedule as Array<{ cron: string }>).map((s) => s.cron);
		expect(cron).toMatch(/^\d+ \d+ \* \* \*$/);
	});

	it('covers three consecutive Kubernetes minors, the pinned image among them', () => {
		const include = labs.strategy?.matrix?.include ?? [];
		const pinned = Number(minorOf(DEFAULT_K3S_IMAGE));
		const minors = include.map((entry) => Number(entry.minor.split('.')[1]));
		expect(minors, 'three different minors, oldest first').toEqual([...new Set(minors)].sort((a, b) => a - b));
		expect(minors).toHaveLength(3);
		expect(minors).toContain(pinned);
		expect(Math.max(...minors) - Math.min(...minors)).toBe(2);
		for (const entry of include) {
			if (Number(entry.minor.split('.')[1]) === pinned) expect(entry.image, 'the pinned minor uses the pin itself').toBe('');
			else expect(minorOf(entry.image), `${entry.minor}: ${entry.image}`).toBe(entry.minor.split('.')[1]);
		}
		expect(labs.strategy?.['fail-fast']).toBe(false);
	});

	it('writes the pinned image nowhere: the pin lives in scripts/model/k3s-image.ts alone', () => {
		expect(load('verify.yml').text).not.toContain(DEFAULT_K3S_IMAGE);
		expect(load('verify.yml').text).not.toContain(DEFAULT_K3S_IMAGE.replace(/^rancher\/k3s:/, ''));
	});

	it('requires a real cluster, passes the matrix image and runs every lab with npm run verify', () => {
		expect(labs.env).toMatchObject({ LABS_REQUIRE_CLUSTER: '1', LABS_K3S_IMAGE: '${{ matrix.image }}' });
		expect(labs.steps.map((s) => s.run)).toContain('npm run verify -- --update');
	});

	it('uploads the failure reports only when a lab failed', () => {
		const upload = labs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'reports/');
		expect(upload).toMatchObject({ if: 'failure()', with: { path: 'reports/' } });
		expect(String(upload?.with?.name)).toContain('${{ matrix.minor }}');
	});

	it('builds the site strictly', () => {
		const build = Object.values(workflow.jobs).flatMap((job) => job.steps).find((s) => s.run === 'npm run build');
		expect(build?.env).toMatchObject({ LABS_STRICT: '1' });
	});

	it('builds strictly over the records this run made on the pinned image, put back beside their pages', () => {
		const keep = labs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'tutorials/**/*.outputs.json');
		expect(keep, 'the pinned leg keeps its records').toMatchObject({ if: "success() && matrix.image == ''" });
		const site = workflow.jobs.site! as Job & { needs?: string | string[] };
		expect([site.needs].flat()).toContain('labs');
		const steps = site.steps;
		const download = steps.findIndex((s) => s.uses?.startsWith('actions/download-artifact@'));
		const build = steps.findIndex((s) => s.run === 'npm run build');
		expect(download, 'the records are downloaded before the strict build').toBeGreaterThanOrEqual(0);
		expect(download).toBeLessThan(build);
		// upload-artifact keeps the paths below the first wildcard, so tutorials/ is where they belong again.
		expect(steps[download]?.with).toEqual({ name: keep?.with?.name, path: 'tutorials' });
		expect(steps[download]?.uses?.split('@')[1], 'download and upload of one major version').toBe(keep?.uses?.split('@')[1]);
	});

	it('reads the repository only', () => {
		expect(workflow.permissions).toEqual({ contents: 'read' });
	});
});

describe('refresh-outputs.yml', () => {
	const { workflow } = load('refresh-outputs.yml');
	const steps = workflow.jobs.refresh!.steps;

	it('is started by hand (and weekly), never by a pull request', () => {
		expect(Object.keys(workflow.on)).toContain('workflow_dispatch');
		expect(Object.keys(workflow.on)).not.toContain('pull_request');
	});

	it('records on the pinned image: no LABS_K3S_IMAGE override anywhere', () => {
		expect(load('refresh-outputs.yml').text).not.toContain('LABS_K3S_IMAGE');
		expect(workflow.jobs.refresh!.env).toMatchObject({ LABS_REQUIRE_CLUSTER: '1' });
		expect(steps.some((s) => s.run?.startsWith('npm run verify') && s.run.includes('--update'))).toBe(true);
	});

	it('proposes only the outputs files as a pull request', () => {
		const pr = steps.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
		expect(pr?.with?.['add-paths']).toBe('tutorials/**/*.outputs.json');
		expect(workflow.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
	});
});
