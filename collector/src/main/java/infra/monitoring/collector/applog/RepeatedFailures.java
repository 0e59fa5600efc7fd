package infra.monitoring.collector.applog;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs the failures of one recurring job so that a failure repeating every minute (a state file on
 * a full disk) costs one entry, not a stack trace a minute: the first failure of a kind is logged
 * in full; identical ones after it only as a count, in one line an hour while they go on and in the
 * line that says the job works again or fails differently. Two failures are identical when their
 * class and message are. Thread-safe.
 */
public final class RepeatedFailures {
  /** How often a failure that goes on is recalled, with its count. */
  public static final long REMIND_NANOS = 3_600_000_000_000L;

  private final Logger log;
  private final String what;
  private final LongSupplier nanoClock;
  private String signature;
  private long repeats;
  private long lastLineAt;

  /**
   * @param what the job, as the log names it ({@code maintenance network-usage-save})
   */
  public RepeatedFailures(Logger log, String what) {
    this(log, what, System::nanoTime);
  }

  RepeatedFailures(Logger log, String what, LongSupplier nanoClock) {
    this.log = log;
    this.what = what;
    this.nanoClock = nanoClock;
  }

  /** One failure of the job. */
  public synchronized void failed(Throwable e) {
    long now = nanoClock.getAsLong();
    String sig = e.getClass().getName() + ": " + e.getMessage();
    if (sig.equals(signature)) {
      repeats++;
      if (now - lastLineAt >= REMIND_NANOS) {
        log.error(
            "{} failed again, {} times since the last report: {}", what, repeats, e.toString());
        repeats = 0;
        lastLineAt = now;
      } else {
        log.debug("{} failed again: {}", what, e.toString());
      }
      return;
    }
    if (signature != null && repeats > 0) {
      log.error("{} failed {} more times with: {}", what, repeats, signature);
    }
    signature = sig;
    repeats = 0;
    lastLineAt = now;
    log.error("{} failed: {}", what, e.toString(), e);
  }

  /** One success of the job: closes a run of failures with their count. */
  public synchronized void succeeded() {
    if (signature == null) {
      return;
    }
    if (repeats > 0) {
      log.info("{} works again, after {} more failures with: {}", what, repeats, signature);
    } else {
      log.info("{} works again", what);
    }
    signature = null;
    repeats = 0;
  }
}
