package infra.monitoring.collector.feed;

import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the daily feed file {@code json/monitoring-YYYY-MM-DD.jsonl}, dated by the
 * local date of the sample. Each record is one line written by one write call on an append-mode
 * channel, then synced when writes are durable. A file that does not end in {@code \n} (a crash or
 * a failed write left a partial line) gets a {@code \n} before the next record, so a partial line
 * can never glue onto a good one. A file deleted or moved while open is created again. The feed is
 * only ever a regular file, never written through a link, and new files and directories get the
 * modes of {@code MONITORING_UMASK} (0640 and 0750: the exporter reads as the group). I/O errors
 * are logged once per distinct error and retried on the next record; the writer never throws for
 * them. Not thread-safe: one sampling thread writes.
 */
public final class FeedWriter implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedWriter.class);
  private static final byte NL = '\n';

  private final LogLayout layout;
  private final ZoneId zone;
  private final boolean durable;

  private FileChannel channel;
  private LocalDate openDate;
  private Path openPath;
  private Object openKey;
  private String lastError;
  private long failures;
  private long written;

  public FeedWriter(LogLayout layout, ZoneId zone, boolean durable) {
    this.layout = layout;
    this.zone = zone;
    this.durable = durable;
  }

  /**
   * Opens the file of {@code date} now (repairing a partial last line), so that an unusable feed
   * directory shows at start-up.
   *
   * @throws IOException when the file cannot be opened
   */
  public void open(LocalDate date) throws IOException {
    switchTo(date);
  }

  /**
   * Writes one record dated by {@code sampleTime}.
   *
   * @return true when the whole line was written (and synced when durable)
   */
  public boolean write(FeedRecord record, Instant sampleTime) {
    byte[] line = (FeedCodec.encode(record) + "\n").getBytes(StandardCharsets.UTF_8);
    LocalDate date = LocalDate.ofInstant(sampleTime, zone);
    try {
      if (channel == null || !date.equals(openDate)) {
        switchTo(date);
      } else if (!Objects.equals(fileKey(openPath), openKey)) {
        // Deleted or moved under us: appending to the old inode would lose the records.
        LOG.warn("feed file {} was moved or deleted: opening it again", openPath);
        switchTo(date);
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      // One call writes a regular file's line whole; the loop only guards the API's contract.
      // A failure closes the channel, and reopening checks the last byte and closes off a partial.
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (durable) {
        channel.force(false);
      }
      written++;
      recovered();
      return true;
    } catch (IOException | RuntimeException e) {
      failed(e);
      closeQuietly();
      return false;
    }
  }

  /** Lines written since start. */
  public long written() {
    return written;
  }

  /** Writes that failed since start. */
  public long failures() {
    return failures;
  }

  /** The file currently open, or null. */
  public Path currentFile() {
    return openPath;
  }

  private void switchTo(LocalDate date) throws IOException {
    closeQuietly();
    Path path = layout.feedFile(date);
    FileChannel ch = SafeFiles.openAppend(path);
    try {
      if (!endsWithNewline(path, ch.size())) {
        ch.write(ByteBuffer.wrap(new byte[] {NL}));
        if (durable) {
          ch.force(false);
        }
        LOG.warn("{} ended in a partial line (an earlier crash or failed write): closed it", path);
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    channel = ch;
    openDate = date;
    openPath = path;
    openKey = fileKey(path);
    LOG.debug("feed file {}", path);
  }

  /** The file's identity (device and inode here; a link's own), or null when it does not exist. */
  private static Object fileKey(Path path) {
    try {
      BasicFileAttributes a = SafeFiles.attributes(path);
      return a == null ? null : a.fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** True for an empty file or one whose last byte is a newline. */
  static boolean endsWithNewline(Path path, long size) throws IOException {
    if (size == 0) {
      return true;
    }
    try (FileChannel r = SafeFiles.openRead(path)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      r.read(last, size - 1);
      return last.get(0) == NL;
    }
  }

  private void failed(Exception e) {
    failures++;
    String signature = e.getClass().getName() + ": " + e.getMessage();
    if (!signature.equals(lastError)) {
      lastError = signature;
      LOG.error(
          "cannot write the feed ({}); sampling goes on and the next record retries", e.toString());
    } else {
      LOG.debug("feed write failed again: {}", e.toString());
    }
  }

  private void recovered() {
    if (lastError != null) {
      LOG.info("feed writes work again after {} failed write(s)", failures);
      lastError = null;
    }
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", openPath, e.toString());
      }
    }
    channel = null;
    openDate = null;
    openPath = null;
    openKey = null;
  }

  /** Syncs and closes the current file. */
  @Override
  public void close() {
    if (channel != null && channel.isOpen()) {
      try {
        channel.force(false);
      } catch (IOException e) {
        LOG.debug("sync on close: {}", e.toString());
      }
    }
    closeQuietly();
  }
}
