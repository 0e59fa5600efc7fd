package infra.monitoring.exporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.ZoneId;

/**
 * The exporter's logging: the console only (stderr, which keeps stdout free for {@code backfill
 * --out -}), one line per event; the level is set from {@code MONITORING_LOG_LEVEL} at start. In
 * compose the exporter mounts the logs volume read-only, so there is no file appender. Configured
 * in code (found through {@code META-INF/services}) rather than by {@code logback.xml}: the XML
 * configurator loads some 600 classes (parser and model), about 4 MB of the exporter's ~60 MB
 * resident memory; the line is written by {@link LineLayout} rather than logback's PatternLayout
 * for the same reason. {@code -Dlogback.configurationFile=...} still takes precedence.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LineLayout layout = new LineLayout(ZoneId.systemDefault());
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
