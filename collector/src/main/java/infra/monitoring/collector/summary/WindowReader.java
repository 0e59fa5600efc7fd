package infra.monitoring.collector.summary;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.feed.FeedWindow;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the feed records whose time lies in a window, from the daily file of every local date the
 * window touches ({@link FeedWindow}: {@code json/} or the day's archive, with the {@code ts}
 * prefilter). Bad lines are skipped and counted.
 */
final class WindowReader {
  /** A record with where it came from (1-based line number). */
  record Located(FeedRecord record, double epoch, String file, long line) {}

  /** The records in the window (file order), lines that did not decode, files read. */
  record Result(List<Located> records, long badLines, List<String> files) {}

  private WindowReader() {}

  static Result read(LogLayout layout, ZoneId zone, Instant from, Instant to) throws IOException {
    List<Located> out = new ArrayList<>();
    FeedWindow.Result r =
        FeedWindow.scan(
            new FeedStore(layout),
            zone,
            false,
            from,
            to,
            (rec, t, file, n) -> out.add(new Located(rec, t, file.getFileName().toString(), n)));
    return new Result(out, r.badLines(), r.files());
  }
}
