package infra.monitoring.exporter;

import static infra.monitoring.exporter.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.exporter.http.Limits;
import infra.monitoring.exporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gap fill pushes exactly the series, labels and values a scrape of the same record gives. */
class RecordSeriesTest {
  @TempDir Path root;

  /** {@code name{a="x",b="y"}} with labels sorted by name; no escapes needed in these records. */
  static String key(String name, Map<String, String> labels) {
    StringBuilder b = new StringBuilder(name).append('{');
    new TreeMap<>(labels).forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    return b.append('}').toString();
  }

  static String parsedKey(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series + "{}";
    }
    Map<String, String> labels = new TreeMap<>();
    for (String pair : series.substring(brace + 1, series.length() - 1).split("\",")) {
      int eq = pair.indexOf('=');
      labels.put(pair.substring(0, eq), pair.substring(eq + 2).replaceAll("\"$", ""));
    }
    return key(series.substring(0, brace), labels);
  }

  @Test
  void theSeriesOfARecordAreThoseAScrapeServesAndOnlyAGetScrapeIsCounted() throws Exception {
    for (boolean legacy : new boolean[] {false, true}) {
      Path dir = root.resolve("legacy-" + legacy);
      Path feed = new LogLayout(dir).feedFile(LocalDate.of(2026, 11, 23));
      FeedRecord record = TestRecords.full(T0, 47.6);
      TestRecords.append(feed, TestRecords.line(record));
      FeedReader reader = new FeedReader(dir, System::nanoTime, 0, 0);
      PrometheusRegistry registry = new PrometheusRegistry();
      FeedCollector.register(registry, reader, legacy, 30, () -> T0 + 1);
      AtomicInteger scrapes = new AtomicInteger();
      try (ExporterServer server =
          new ExporterServer(
              "127.0.0.1",
              0,
              registry,
              reader,
              30,
              () -> T0 + 1,
              WebSecurity.NONE,
              Limits.defaults(4),
              scrapes::incrementAndGet)) {
        String body = Http.get(server.port(), "/metrics").body();
        Http.send(server.port(), "/metrics", "HEAD", "text/plain");
        Http.get(server.port(), "/health");
        assertThat(scrapes.get()).isEqualTo(1);

        Map<String, Double> scraped = new TreeMap<>();
        Exposition.parse(body)
            .forEach(
                (series, value) -> {
                  boolean self =
                      series.startsWith("monitoring_exporter_")
                          || series.startsWith("process_")
                          || series.startsWith("jvm_");
                  if (!self) {
                    scraped.put(parsedKey(series), value);
                  }
                });
        Map<String, Double> pushed = new TreeMap<>();
        RecordSeries.of(legacy)
            .samples(
                record,
                (name, names, values, v) -> {
                  Map<String, String> labels = new TreeMap<>();
                  for (int i = 0; i < names.size(); i++) {
                    labels.put(names.get(i), values.get(i));
                  }
                  pushed.put(key(name, labels), v);
                });
        assertThat(new TreeSet<>(pushed.keySet())).isEqualTo(new TreeSet<>(scraped.keySet()));
        pushed.forEach((k, v) -> assertThat(scraped.get(k)).as(k).isEqualTo(v));
      }
    }
  }
}
