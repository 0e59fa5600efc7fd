package infra.monitoring.collector.applog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Path;

/**
 * logback's rolling file appender, writing each entry whole or not at all ({@link WholeLineFile})
 * instead of through logback's buffered stream, which on a full disk leaves an entry cut at a page
 * boundary and glues the next entry to it (invalid JSON for Loki). Entries that could not be
 * written are counted, and the first entry written after them is preceded by one warning with the
 * count. Rolling, compression and retention are logback's, configured as for {@code
 * RollingFileAppender}.
 */
public class WholeLineFileAppender extends RollingFileAppender<ILoggingEvent> {

  @Override
  public void openFile(String fileName) throws IOException {
    streamWriteLock.lock();
    try {
      setOutputStream(new WholeLineFile(Path.of(fileName)));
    } finally {
      streamWriteLock.unlock();
    }
  }

  @Override
  protected void writeOut(ILoggingEvent event) throws IOException {
    byte[] entry = encoder.encode(event);
    if (entry == null || entry.length == 0) {
      return;
    }
    streamWriteLock.lock();
    try {
      if (!isStarted() || !(getOutputStream() instanceof WholeLineFile file)) {
        return;
      }
      long dropped = file.takeDropped();
      if (dropped > 0) {
        String error = file.lastError();
        byte[] notice = encoder.encode(notice(dropped, error));
        if (!file.writeEntry(notice)) {
          file.takeDropped(); // the notice itself is no application entry
          file.addDropped(dropped); // counted again at the next entry
        } else {
          updateByteCount(notice);
        }
      }
      if (file.writeEntry(entry)) {
        updateByteCount(entry);
      }
    } finally {
      streamWriteLock.unlock();
    }
  }

  private ILoggingEvent notice(long dropped, String error) {
    LoggerContext ctx = (LoggerContext) getContext();
    return new LoggingEvent(
        WholeLineFileAppender.class.getName(),
        ctx.getLogger(WholeLineFileAppender.class),
        Level.WARN,
        "{} app log entries could not be written to {} ({}): they are lost",
        null,
        new Object[] {dropped, getFile(), error});
  }
}
