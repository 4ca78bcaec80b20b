/**
 * What the site says about each run step of a lab: is its output a fresh real
 * run, a stale one, or not recorded at all, and which words and icon say so.
 * The Expressive Code plugin, the lab summary, StepOutput and the strict build
 * all call these functions, so a label can never differ between them.
 */
import type { Lab, RunStep } from '../../scripts/model/lab.ts';
import type { LabRecord, RecordedStep } from '../../scripts/model/record.ts';

/** fresh: recorded and its chain hash equals the page's; stale: recorded, but the page changed since; none: never recorded. */
export type StepState = 'fresh' | 'stale' | 'none';

/** Which icon a panel or summary shows beside its text (never colour alone). */
export type StatusIcon = 'verified' | 'recorded' | 'stale' | 'expected';

/** Everything a panel needs to show one run step honestly. */
export interface StepView {
	/** 1-based step number; the panel's HTML id is `step-${number}`. */
	number: number;
	state: StepState;
	/** True only for a fresh output of a real k3s run. */
	verifiedOnK3s: boolean;
	icon: StatusIcon;
	/** The badge text, e.g. "Verified · k3s v1.36.2 · 2026-11-22". */
	label: string;
	/** One plain sentence for screen readers and tooltips. */
	description: string;
	/** 'output': real recorded output; 'expected': the authored expectation; 'empty': neither exists. */
	bodyKind: 'output' | 'expected' | 'empty';
	/** The text of the panel body ('' when bodyKind is 'empty'). */
	body: string;
	/** Where the run block is, for strict-mode listings. */
	file: string;
	line: number;
}

/** Lab-wide verdict shown at the top of a lab page. */
export interface LabSummaryView {
	icon: StatusIcon;
	/** e.g. "12 of 12 steps verified on k3s v1.36.2, 2026-11-22". */
	text: string;
	fresh: number;
	total: number;
}

/** The record's target meaning "a real k3s cluster"; any other target is never called verified on k3s. */
export const K3S_TARGET = 'k3s';

/** "v1.36.4+k3s1" → "v1.36.4": readers know the Kubernetes version, the k3s build suffix is noise. */
export function kubernetesVersion(serverVersion: string, image: string): string {
	const fromServer = serverVersion.trim().split('+')[0];
	if (fromServer) return fromServer;
	const tag = image.split(':').pop() ?? '';
	return tag.split('-')[0] || 'unknown version';
}

/** The UTC calendar day of an ISO timestamp: "2026-11-22". */
export function recordedDay(recordedAt: string): string {
	return recordedAt.slice(0, 10);
}

/** "registry/labs-busybox:local" → "labs-busybox": a short, recognisable name for a non-k3s target's image. */
export function shortImageName(image: string): string {
	const last = image.split('/').pop() ?? image;
	return last.split(/[:@]/)[0] || image;
}

/** The provenance fields the labels use (a subset of LabRecord, so labels can be tested without a record). */
export type Provenance = Pick<LabRecord, 'target' | 'image' | 'serverVersion' | 'recordedAt'>;

/** "k3s v1.36.2" or "docker (labs-busybox)": where an output came from, in a few words. */
export function producedOn(p: Provenance): string {
	return p.target === K3S_TARGET
		? `k3s ${kubernetesVersion(p.serverVersion, p.image)}`
		: `${p.target} (${shortImageName(p.image)})`;
}

/** The badge of a fresh recorded output, e.g. "Verified · k3s v1.36.2 · 2026-11-22 · exit 1". */
export function freshLabel(p: Provenance, exitCode: number): string {
	const verb = p.target === K3S_TARGET ? 'Verified' : 'Recorded';
	const exit = exitCode === 0 ? '' : ` · exit ${exitCode}`;
	return `${verb} · ${producedOn(p)} · ${recordedDay(p.recordedAt)}${exit}`;
}

function expectedExit(step: RunStep): string {
	return step.options.exit === 0 ? '' : ` · expected exit ${step.options.exit}`;
}

/** The step's recorded output, only if its chain hash still equals the page's. */
function recordedFor(step: RunStep, record: LabRecord | null): RecordedStep | undefined {
	return record?.steps.find((s) => s.index === step.index);
}

/** Decides fresh / stale / none for one run step. */
export function stepState(step: RunStep, record: LabRecord | null): StepState {
	const recorded = recordedFor(step, record);
	if (!record || !recorded) return 'none';
	return recorded.hash === step.hash ? 'fresh' : 'stale';
}

/** Builds the view of one run step: state, badge, description and the text to show. */
export function stepView(step: RunStep, record: LabRecord | null): StepView {
	const number = step.index + 1;
	const state = stepState(step, record);
	const where = { file: step.position.file, line: step.position.line, number };
	const recorded = recordedFor(step, record);
	if (state === 'fresh' && record && recorded) {
		const onK3s = record.target === K3S_TARGET;
		const exit = recorded.exitCode === 0 ? '' : ` It exited with code ${recorded.exitCode}.`;
		const description = onK3s
			? `Real output of this command on a k3s cluster (${record.serverVersion || record.image}), recorded ${recordedDay(record.recordedAt)}.${exit}`
			: `Real output recorded by a ${record.target} run (image ${record.image}) on ${recordedDay(record.recordedAt)}, not on a Kubernetes cluster.${exit}`;
		return {
			...where,
			state,
			verifiedOnK3s: onK3s,
			icon: onK3s ? 'verified' : 'recorded',
			label: freshLabel(record, recorded.exitCode),
			description,
			bodyKind: 'output',
			// One trailing newline is how a terminal ends output, not a line to show.
			body: recorded.output.replace(/\n$/, ''),
		};
	}
	const expectation = step.expect?.text;
	const bodyKind = expectation === undefined ? 'empty' : 'expected';
	const body = expectation ?? '';
	if (state === 'stale' && record) {
		const day = recordedDay(record.recordedAt);
		return {
			...where,
			state,
			verifiedOnK3s: false,
			icon: 'stale',
			label: `Stale · ${bodyKind === 'expected' ? 'expected output shown' : 'no expected output'}${expectedExit(step)}`,
			description:
				`The output recorded on ${day} is out of date: this step or one before it changed since that run. ` +
				(bodyKind === 'expected' ? 'Shown instead: the output the page expects, not yet verified.' : 'The page gives no expected output for it.'),
			bodyKind,
			body,
		};
	}
	return {
		...where,
		state: 'none',
		verifiedOnK3s: false,
		icon: 'expected',
		label:
			bodyKind === 'expected'
				? `Expected output · not yet verified on a cluster${expectedExit(step)}`
				: `No output yet · not yet verified on a cluster${expectedExit(step)}`,
		description:
			bodyKind === 'expected'
				? 'The output the page expects; no run on a cluster has confirmed it yet.'
				: 'This step has not been run on a cluster yet and the page gives no expected output.',
		bodyKind,
		body,
	};
}

/** Views of every run step of a lab, in order. */
export function labViews(lab: Lab, record: LabRecord | null): StepView[] {
	return lab.runs.map((step) => stepView(step, record));
}

/** How many run steps are in each state (the input of the summary sentence). */
export interface StepCounts {
	total: number;
	fresh: number;
	stale: number;
}

/**
 * The summary sentence and icon from counts and the record's provenance (null
 * when there is no record), e.g. "12 of 12 steps verified on k3s v1.36.2, 2026-11-22".
 */
export function summaryText(counts: StepCounts, provenance: Provenance | null): { icon: StatusIcon; text: string } {
	const { total, fresh, stale } = counts;
	const steps = (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`;
	if (!provenance || fresh === 0) {
		return provenance && stale > 0
			? { icon: 'stale', text: `Not verified as the page stands: the run of ${recordedDay(provenance.recordedAt)} is out of date, so the outputs shown are the expected ones` }
			: { icon: 'expected', text: 'Not yet verified on a live cluster: the outputs shown are the expected ones' };
	}
	const onK3s = provenance.target === K3S_TARGET;
	const where = `${producedOn(provenance)}, ${recordedDay(provenance.recordedAt)}`;
	let text = `${fresh} of ${steps(total)} ${onK3s ? 'verified' : 'recorded'} on ${where}`;
	const rest = total - fresh;
	if (rest > 0) {
		const parts = [stale ? `${stale} stale` : '', rest - stale ? `${rest - stale} not yet run` : ''].filter(Boolean);
		text += `; the other ${rest} show expected outputs (${parts.join(', ')})`;
	}
	if (!onK3s) text += '; not yet verified on a live k3s cluster';
	return { icon: rest > 0 ? 'stale' : onK3s ? 'verified' : 'recorded', text };
}

/** The verdict at the top of a lab page. */
export function labSummary(lab: Lab, record: LabRecord | null): LabSummaryView {
	const views = labViews(lab, record);
	const counts = {
		total: views.length,
		fresh: views.filter((v) => v.state === 'fresh').length,
		stale: views.filter((v) => v.state === 'stale').length,
	};
	return { ...summaryText(counts, record), fresh: counts.fresh, total: counts.total };
}

/** One line per step that a strict build refuses: not a fresh output of a k3s run. */
export function strictProblems(lab: Lab, record: LabRecord | null): string[] {
	return labViews(lab, record)
		.filter((v) => !v.verifiedOnK3s)
		.map((v) => {
			const why =
				v.state === 'stale'
					? 'stale (the step or one before it changed since the recorded run)'
					: v.state === 'none'
						? 'unverified (no recorded output)'
						: `recorded on ${record ? producedOn(record) : 'another target'}, not on k3s`;
			return `${v.file}:${v.line}: step ${v.number} ${why}`;
		});
}
