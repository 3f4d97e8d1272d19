/** Dataset version order, declared once in the domain (src/domain/version-order.ts). */
export { compareVersions } from '../domain/version-order.ts';
