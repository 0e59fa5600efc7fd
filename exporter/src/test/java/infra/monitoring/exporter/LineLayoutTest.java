package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The exporter's log line, as its former pattern wrote it, stack traces included. */
class LineLayoutTest {
  private static final long T = Instant.parse("2026-11-24T10:00:00.123Z").toEpochMilli();
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(Level level, String msg, Throwable t, Object... args) {
    LoggingEvent e =
        new LoggingEvent(
            LineLayoutTest.class.getName(),
            context.getLogger("infra.monitoring.exporter.FeedReader"),
            level,
            msg,
            t,
            args);
    e.setTimeStamp(T);
    return e;
  }

  @Test
  void writesTimeLevelPaddedToFiveSimpleLoggerNameAndMessage() {
    LineLayout utc = new LineLayout(ZoneId.of("UTC"));
    assertThat(utc.doLayout(event(Level.INFO, "reading feed file {}", null, "/logs/a.jsonl")))
        .isEqualTo(
            "2026-11-24T10:00:00.123Z INFO  exporter FeedReader: reading feed file /logs/a.jsonl"
                + System.lineSeparator());
    assertThat(utc.doLayout(event(Level.ERROR, "no", null)))
        .isEqualTo(
            "2026-11-24T10:00:00.123Z ERROR exporter FeedReader: no" + System.lineSeparator());
  }

  @Test
  void writesTheLocalTimeWithItsOffset() {
    LineLayout kolkata = new LineLayout(ZoneId.of("Asia/Kolkata"));
    assertThat(kolkata.doLayout(event(Level.WARN, "late", null)))
        .isEqualTo(
            "2026-11-24T15:30:00.123+05:30 WARN  exporter FeedReader: late"
                + System.lineSeparator());
  }

  @Test
  void followsTheLineWithTheStackTraceAndItsCause() {
    IllegalStateException cause = new IllegalStateException("disk gone");
    cause.setStackTrace(
        new StackTraceElement[] {new StackTraceElement("a.B", "read", "B.java", 7)});
    RuntimeException top = new RuntimeException("scrape failed", cause);
    top.setStackTrace(
        new StackTraceElement[] {new StackTraceElement("a.C", "scrape", "C.java", 42)});
    String n = System.lineSeparator();
    assertThat(new LineLayout(ZoneId.of("UTC")).doLayout(event(Level.WARN, "oops", top)))
        .isEqualTo(
            "2026-11-24T10:00:00.123Z WARN  exporter FeedReader: oops"
                + n
                + "java.lang.RuntimeException: scrape failed"
                + n
                + "\tat a.C.scrape(C.java:42)"
                + n
                + "Caused by: java.lang.IllegalStateException: disk gone"
                + n
                + "\tat a.B.read(B.java:7)"
                + n);
  }
}
