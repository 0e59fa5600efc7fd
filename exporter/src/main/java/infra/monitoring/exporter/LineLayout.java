package infra.monitoring.exporter;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The exporter's log line, as the pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level exporter
 * %logger{0}: %msg%n} followed by the stack trace of a logged exception. Written by hand because
 * logback's PatternLayout loads its pattern parser and ~120 converter classes and lambdas (~1 MiB
 * of the exporter's resident memory) for this one fixed pattern.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
  private final DateTimeFormatter time;

  LineLayout(ZoneId zone) {
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(zone);
  }

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(128);
    time.formatTo(Instant.ofEpochMilli(e.getTimeStamp()), b);
    String level = e.getLevel().toString();
    b.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) {
      b.append(' ');
    }
    String logger = e.getLoggerName();
    b.append(" exporter ").append(logger, logger.lastIndexOf('.') + 1, logger.length());
    b.append(": ").append(e.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      b.append(ThrowableProxyUtil.asString(t)); // ends with a line separator
    }
    return b.toString();
  }
}
