/** Sending a failed webhook delivery again, as `faultline alerts deliveries resend` and the API answer it. */
import type { DeliveryRow } from '../answers.ts';
import type { Store } from '../../storage/store.ts';
import { resendDelivery } from './deliver.ts';
import { deliveryRow } from './views.ts';

/**
 * Sends a failed delivery again (resendDelivery: not found, delivered or pending are refused) and
 * answers with the delivery as listed afterwards: its status, and every attempt, the new ones last.
 */
export async function resendAnswer(store: Store, id: number): Promise<{ delivery: DeliveryRow }> {
  await resendDelivery(store, id);
  const [d] = await store.listDeliveries({ id, limit: 1 });
  return { delivery: deliveryRow(d!, await store.deliveryAttempts(id)) };
}
