import { describe, expect, it } from 'vitest';
import { DEFAULT_K3S_IMAGE, k3sImage } from '../../scripts/model/k3s-image.ts';

describe('k3s image pin', () => {
	it('is a pinned rancher/k3s tag, never latest', () => {
		expect(DEFAULT_K3S_IMAGE).toMatch(/^rancher\/k3s:v1\.\d+\.\d+-k3s\d+$/);
	});
	it('can be overridden for a version matrix', () => {
		expect(k3sImage({ LABS_K3S_IMAGE: 'rancher/k3s:v1.35.6-k3s1' })).toBe('rancher/k3s:v1.35.6-k3s1');
		expect(k3sImage({})).toBe(DEFAULT_K3S_IMAGE);
	});
});
