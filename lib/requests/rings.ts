import { MAX_PENDING_REQUESTS, type RecordedRequest } from "./records";
import { KEPT_REQUESTS_PER_KEY } from "./store";

/**
 * The latest requests of each key since the last flush. A key that sends 10,000 requests between
 * two flushes keeps only what the database would keep of them (its latest KEPT_REQUESTS_PER_KEY),
 * so a busy key costs neither memory nor a large INSERT that the trim then deletes again.
 */
export class RequestRings {
  private readonly rings = new Map<string, { items: RecordedRequest[]; next: number }>();
  size = 0;

  /** False when the request had to be dropped (MAX_PENDING_REQUESTS across keys). */
  add(ref: string, request: RecordedRequest): boolean {
    let ring = this.rings.get(ref);
    if (ring && ring.items.length >= KEPT_REQUESTS_PER_KEY) {
      ring.items[ring.next] = request; // overwrite this key's oldest
      ring.next = (ring.next + 1) % KEPT_REQUESTS_PER_KEY;
      return true;
    }
    if (this.size >= MAX_PENDING_REQUESTS) return false;
    if (!ring) {
      ring = { items: [], next: 0 };
      this.rings.set(ref, ring);
    }
    ring.items.push(request);
    this.size += 1;
    return true;
  }

  all(): RecordedRequest[] {
    return [...this.rings.values()].flatMap((ring) => ring.items);
  }
}
