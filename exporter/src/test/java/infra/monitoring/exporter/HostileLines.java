package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import java.util.Collections;

/** Valid feed lines grown to ~250 KiB by a key holding {@code [{},{},...]}, for tests. */
final class HostileLines {
  static final int SIZE = 250 * 1024;

  private HostileLines() {}

  /** The record's line (with {@code \n}) with {@code "key": [{},{},...]} appended. */
  static String line(FeedRecord r, String key) {
    String base = TestRecords.line(r).stripTrailing();
    int n = (SIZE - base.length() - key.length() - 10) / 3;
    String pad = ", \"" + key + "\": [" + String.join(",", Collections.nCopies(n, "{}")) + "]}";
    return base.substring(0, base.length() - 1) + pad + "\n";
  }
}
