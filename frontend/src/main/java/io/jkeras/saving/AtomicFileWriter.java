package io.jkeras.saving;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old file or the whole new one, never a part: the content goes
 * to a temporary file in the same directory (same file system, so the rename is atomic), is flushed to disk
 * ({@code fsync}), then renamed over the target with {@code ATOMIC_MOVE} and {@code REPLACE_EXISTING}. If
 * anything fails before the rename, the temporary file is deleted and the previous file stays as it was.
 *
 * <pre>{@code
 * AtomicFileWriter.write(Path.of("model.jkeras"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFileWriter {
  /** Writes the content into the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** For tests: runs after the temporary file is complete and before the rename (to inject a failure). */
  interface Hook {
    void beforeRename(Path temporary) throws IOException;
  }

  static volatile Hook beforeRenameHook;

  private AtomicFileWriter() {}

  /**
   * Writes {@code target} atomically.
   *
   * @throws SavingException naming the path when the directory does not exist or is not writable, or when
   *     writing fails; the previous file, if any, is unchanged and no temporary file is left
   */
  public static void write(Path target, Content content) throws SavingException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new SavingException(target, "Cannot write " + target + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new SavingException(target, "Cannot write " + target + ": it is a directory");
    }
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    } catch (AccessDeniedException e) {
      throw new SavingException(target, "Cannot write " + target + ": directory " + dir + " is not writable", e);
    } catch (IOException e) {
      throw new SavingException(target, "Cannot write " + target + ": cannot create a file in " + dir + " ("
          + e + ")", e);
    }
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true); // the data is on disk before the rename makes it visible
      }
      Hook hook = beforeRenameHook;
      if (hook != null) {
        hook.beforeRename(tmp);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(dir);
    } catch (SavingException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SavingException(target, "Cannot write " + target + ": " + e, e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one to report
        }
      }
    }
  }

  /** Makes the rename durable on POSIX file systems; other systems cannot open a directory, which is fine. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // not supported here (Windows): the rename itself is still atomic
    }
  }
}
