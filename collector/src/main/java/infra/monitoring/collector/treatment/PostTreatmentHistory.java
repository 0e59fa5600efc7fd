package infra.monitoring.collector.treatment;

import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.netlearn.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state dir>/post_treatment_history.jsonl}: the last {@code cap} post-treatment snapshots,
 * one feed-format line each, oldest first. Each addition rewrites the file atomically (the original
 * appended without bound). Called from the treatment worker thread only.
 */
public final class PostTreatmentHistory {
  public static final String FILE_NAME = "post_treatment_history.jsonl";
  public static final int DEFAULT_CAP = 100;

  /** Far above {@code cap} lines of a few kB; a larger file is not read (and is replaced). */
  static final int MAX_BYTES = 2 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(PostTreatmentHistory.class);

  private final Path file;
  private final int cap;
  private final boolean durable;
  private Deque<String> lines;

  public PostTreatmentHistory(Path stateDir, int cap, boolean durable) {
    this.file = stateDir.resolve(FILE_NAME);
    this.cap = cap;
    this.durable = durable;
  }

  public Path file() {
    return file;
  }

  /** Appends one line (without newline), dropping the oldest beyond the cap, and rewrites. */
  public synchronized void add(String line) throws IOException {
    if (lines == null) {
      lines = new ArrayDeque<>();
      try {
        for (String l : read()) {
          if (!l.isBlank()) {
            lines.addLast(l);
          }
        }
      } catch (NoSuchFileException e) {
        // first one
      } catch (IOException e) {
        LOG.warn("cannot read {} ({}); it will be replaced", file, e.toString());
      }
    }
    lines.addLast(line.replace('\n', ' '));
    while (lines.size() > cap) {
      lines.removeFirst();
    }
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
    }
    AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8), durable);
  }

  /** The lines kept (reads the file when nothing was added yet). */
  public synchronized List<String> lines() throws IOException {
    if (lines != null) {
      return List.copyOf(lines);
    }
    try {
      return read();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  /** The file's lines; it is bounded in size (a larger one is refused, not loaded). */
  private List<String> read() throws IOException {
    String text = new String(SafeFiles.readSmall(file, MAX_BYTES), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
