package infra.monitoring.exporter.http;

/**
 * What a client may cost the server. A request line and headers must arrive within {@code
 * headerTimeoutMillis} of the connection or of its first byte (reading them holds no thread); a
 * keep-alive connection idle for {@code idleTimeoutMillis} is closed; an answer not taken by the
 * client within {@code responseTimeoutMillis} closes the connection. Headers over {@code
 * maxHeaderBytes} or {@code maxHeaders} get 431 and a close. Beyond {@code maxRequests} limited
 * requests in flight the answer is 503 at once; beyond {@code maxConnections} open connections a
 * new one is closed on accept ({@code maxTlsConnections} with TLS, where each connection holds a
 * TLS engine and its buffers).
 */
public record Limits(
    long headerTimeoutMillis,
    long idleTimeoutMillis,
    long responseTimeoutMillis,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    int maxHeaders,
    int maxRequests,
    int maxConnections,
    int maxTlsConnections) {

  /** node_exporter's {@code --web.max-requests} default. */
  public static final int DEFAULT_MAX_REQUESTS = 40;

  /**
   * The shipped limits: 5 s for the request head, 90 s idle (longer than Prometheus' default 1 m
   * scrape interval, so its keep-alive connection is reused), 8 KiB and 50 headers (Prometheus
   * sends 6), and 2048 connections (each costs a few KiB of heap while open), 256 with TLS (tens of
   * KiB each: 1000 TLS connections exhausted the shipped 12 MiB heap).
   */
  public static Limits defaults(int maxRequests) {
    return new Limits(5_000, 90_000, 30_000, 4096, 8192, 50, maxRequests, 2048, 256);
  }
}
