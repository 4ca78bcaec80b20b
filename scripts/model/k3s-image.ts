/**
 * The one place the k3s image is pinned. Every lab runs on it, every chain hash
 * includes it, and every record names it, so changing it marks all outputs stale.
 * v1.36.4+k3s1: the k3s stable channel since k3s-io/k3s PR 14553 (2026-08-27),
 * and one of the three minors public CI runs (.github/workflows/verify.yml), where
 * its matrix entry leaves the image empty to mean this pin. Override with
 * LABS_K3S_IMAGE (CI does for the other minors).
 */
export const DEFAULT_K3S_IMAGE = 'rancher/k3s:v1.36.4-k3s1';

/** The image a run uses: LABS_K3S_IMAGE when set, else the pinned default. */
export function k3sImage(env: NodeJS.ProcessEnv = process.env): string {
	return env.LABS_K3S_IMAGE?.trim() || DEFAULT_K3S_IMAGE;
}
