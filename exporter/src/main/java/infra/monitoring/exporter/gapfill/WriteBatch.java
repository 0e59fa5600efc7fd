package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.Label;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.Sample;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.TimeSeries;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.WriteRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records (in time order) turned into one remote-write request: one {@code TimeSeries} per series,
 * its samples in time order, stamped with each record's sample time in milliseconds. The labels are
 * those a scrape would have stored: {@code __name__}, the family's labels, {@code job} and {@code
 * instance} from settings; as Prometheus does with {@code honor_labels: false}, a family label
 * named {@code job} or {@code instance} becomes {@code exported_job} / {@code exported_instance},
 * and a label with an empty value is left out. Label names are sorted, as the specification
 * requires.
 */
final class WriteBatch {
  private final SeriesSource source;
  private final String job;
  private final String instance;
  private final Map<String, TimeSeries.Builder> series = new LinkedHashMap<>();
  private final StringBuilder key = new StringBuilder(128);
  private int samples;
  private int records;
  private double first = Double.NaN;
  private double last = Double.NaN;

  WriteBatch(SeriesSource source, String job, String instance) {
    this.source = source;
    this.job = job;
    this.instance = instance;
  }

  /** Adds a record's samples at its sample time {@code epoch} (later than any added before). */
  void add(FeedRecord r, double epoch) {
    long ms = Math.round(epoch * 1000);
    source.samples(
        r,
        (name, labelNames, labelValues, value) -> {
          key.setLength(0);
          key.append(name);
          for (String v : labelValues) {
            key.append('\0').append(v);
          }
          series
              .computeIfAbsent(key.toString(), k -> newSeries(name, labelNames, labelValues))
              .addSamples(Sample.newBuilder().setValue(value).setTimestamp(ms));
          samples++;
        });
    records++;
    if (Double.isNaN(first)) {
      first = epoch;
    }
    last = epoch;
  }

  private TimeSeries.Builder newSeries(
      String name, List<String> labelNames, List<String> labelValues) {
    List<Label> labels = new ArrayList<>(labelNames.size() + 3);
    labels.add(label("__name__", name));
    for (int i = 0; i < labelNames.size(); i++) {
      String n = labelNames.get(i);
      String v = labelValues.get(i);
      if (v == null || v.isEmpty()) {
        continue;
      }
      labels.add(label(n.equals("job") || n.equals("instance") ? "exported_" + n : n, v));
    }
    labels.add(label("instance", instance));
    labels.add(label("job", job));
    labels.sort(Comparator.comparing(Label::getName));
    return TimeSeries.newBuilder().addAllLabels(labels);
  }

  private static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  int samples() {
    return samples;
  }

  int records() {
    return records;
  }

  boolean isEmpty() {
    return records == 0;
  }

  /** Sample time of the first record, Unix seconds (NaN when empty). */
  double first() {
    return first;
  }

  /** Sample time of the last record, Unix seconds (NaN when empty). */
  double last() {
    return last;
  }

  /** The request, protobuf-encoded. */
  WriteRequest request() {
    WriteRequest.Builder b = WriteRequest.newBuilder();
    for (TimeSeries.Builder s : series.values()) {
      b.addTimeseries(s);
    }
    return b.build();
  }

  /** The request's HTTP body: the protobuf bytes in snappy's block format. */
  byte[] body() {
    return SnappyBlock.compress(request().toByteArray());
  }

  void clear() {
    series.clear();
    samples = 0;
    records = 0;
    first = Double.NaN;
    last = Double.NaN;
  }
}
