package infra.monitoring.exporter.http;

/** What the server serves; the server decides limits, deadlines and authentication around it. */
public interface Service {
  /**
   * True for paths whose answer costs real work (a scrape): they count toward the concurrency limit
   * and run on a worker thread. Others are answered on the I/O thread and must be cheap.
   */
  boolean limited(String path);

  /** True for paths served without credentials when basic auth is on. */
  boolean open(String path);

  /** The answer (404, 405 included); called on a worker thread for limited paths. */
  Response handle(Request request);
}
