package infra.monitoring.collector.applog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RepeatedFailuresTest {
  final Logger log = (Logger) LoggerFactory.getLogger("repeated-failures-test");
  final ListAppender<ILoggingEvent> seen = new ListAppender<>();
  final AtomicLong clock = new AtomicLong();

  @BeforeEach
  void listen() {
    seen.start();
    log.addAppender(seen);
    log.setLevel(Level.INFO);
    log.setAdditive(false);
  }

  @AfterEach
  void stop() {
    log.detachAppender(seen);
  }

  List<String> lines() {
    return seen.list.stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() != null ? " +trace" : ""))
        .toList();
  }

  @Test
  void anIdenticalFailureEveryMinuteIsOneEntryThenACount() {
    RepeatedFailures f = new RepeatedFailures(log, "maintenance save", clock::get);
    IOException full = new IOException("No space left on device");
    for (int minute = 0; minute < 90; minute++) {
      clock.set(minute * 60_000_000_000L);
      f.failed(new IOException(full.getMessage()));
    }
    f.succeeded();
    assertThat(lines())
        .containsExactly(
            "ERROR maintenance save failed: java.io.IOException: No space left on device +trace",
            "ERROR maintenance save failed again, 60 times since the last report:"
                + " java.io.IOException: No space left on device",
            "INFO maintenance save works again, after 29 more failures with:"
                + " java.io.IOException: No space left on device");
  }

  @Test
  void aDifferentFailureIsLoggedInFullAfterTheCountOfThePreviousOne() {
    RepeatedFailures f = new RepeatedFailures(log, "job", clock::get);
    f.failed(new IOException("a"));
    f.failed(new IOException("a"));
    f.failed(new IllegalStateException("b"));
    f.succeeded();
    f.succeeded();
    assertThat(lines())
        .containsExactly(
            "ERROR job failed: java.io.IOException: a +trace",
            "ERROR job failed 1 more times with: java.io.IOException: a",
            "ERROR job failed: java.lang.IllegalStateException: b +trace",
            "INFO job works again");
  }
}
