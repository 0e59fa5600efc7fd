package infra.monitoring.collector.summary;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.feed.FeedWindow;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads the feed records whose time lies in a window, from the daily file of every local date the
 * window touches ({@link FeedWindow}: {@code json/monitoring-DATE.jsonl}, or the day's archive,
 * with the {@code ts} prefilter). Each record is handed on as it is read and not kept, so memory
 * does not grow with the window. Bad lines are skipped and counted.
 */
final class WindowReader {
  /** Receives each record of the window in file order, with where it came from (1-based line). */
  interface Sink {
    void accept(FeedRecord record, double epoch, String file, long line);
  }

  /** What a read found besides the records: lines that did not decode, files read. */
  record Result(long badLines, List<String> files) {}

  private WindowReader() {}

  static Result read(LogLayout layout, ZoneId zone, Instant from, Instant to, Sink sink)
      throws IOException {
    FeedWindow.Result r =
        FeedWindow.scan(
            new FeedStore(layout),
            zone,
            false,
            from,
            to,
            (rec, t, file, n) -> sink.accept(rec, t, file.getFileName().toString(), n));
    return new Result(r.badLines(), r.files());
  }
}
