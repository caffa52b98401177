package io.jkeras.saving;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model or weights file could not be written or read: the path is unwritable, its directory is missing, or
 * the file is empty, truncated, corrupt, of another kind, or does not fit the model. The message always names
 * the path and what is wrong; the low-level cause (a {@code ZipException}, {@code NoSuchFileException}, ...) is
 * kept as the cause.
 *
 * <p>It is an {@link IOException} (checked), as every failure here concerns a file: callers of {@code
 * model.save}, {@code Model.load}, {@code saveWeights} and {@code loadWeights} handle one exception type.
 *
 * <pre>{@code
 * try {
 *   Model model = Model.load(Path.of("model.jkeras"));
 * } catch (SavingException e) {
 *   System.err.println(e.getMessage()); // "Cannot load model from model.jkeras: not a jkeras model file (...)"
 * }
 * }</pre>
 */
public class SavingException extends IOException {
  private final Path path;

  public SavingException(Path path, String message) {
    super(message);
    this.path = path;
  }

  public SavingException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The file concerned. */
  public Path path() {
    return path;
  }
}
