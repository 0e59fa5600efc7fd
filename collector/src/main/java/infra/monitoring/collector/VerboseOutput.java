package infra.monitoring.collector;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Summaries;
import java.io.PrintStream;

/**
 * What {@code -v} and {@code -vv} print to stdout for each sample: the short summary line, or the
 * long block. Nothing without {@code -v} (logs go to stderr, so stdout stays clean for piping).
 */
final class VerboseOutput {
  private final int level;
  private final PrintStream out;

  VerboseOutput(int level, PrintStream out) {
    this.level = level;
    this.out = out;
  }

  /**
   * Prints a record written: {@code -v} its {@code msg} (the short line), {@code -vv} the block.
   */
  void print(FeedRecord record) {
    if (level <= 0) {
      return;
    }
    if (level == 1) {
      out.println(record.msg());
    } else {
      StringBuilder b = new StringBuilder(512);
      for (String line : Summaries.longLines(record.metrics())) {
        b.append(line).append(System.lineSeparator());
      }
      out.print(b.append(System.lineSeparator())); // a blank line between samples
    }
    out.flush();
  }
}
