/**
 * A read shared by the requests that wait for it at the same time, without ever answering a request with a value
 * read before it asked: a request joins the read that has not been sent yet, which goes out once the read in
 * flight (if any) is back. So a burst of requests costs one round trip per round trip, not one per request, and
 * each still sees every write committed before it arrived.
 */
export class SharedRead<T> {
  private inFlight: Promise<unknown> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly fetch: () => Promise<T>) {}

  read(): Promise<T> {
    if (this.next) return this.next;
    const read: Promise<T> = (this.inFlight ?? Promise.resolve()).then(() => {
      // Sent now: requests arriving from here on wait for the next read.
      if (this.next === read) this.next = null;
      const sent = this.fetch();
      const flight: Promise<unknown> = sent
        .catch(() => {})
        .then(() => {
          if (this.inFlight === flight) this.inFlight = null;
        });
      this.inFlight = flight;
      return sent;
    });
    this.next = read;
    return read;
  }
}
