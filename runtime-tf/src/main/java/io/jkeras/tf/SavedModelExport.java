package io.jkeras.tf;

import io.jkeras.Model;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Writes a SavedModel from an inference-only runtime. The export goes to a temporary directory beside the
 * target and is moved into place at the end, so a failed export never leaves a half-written model where a good
 * one was.
 */
final class SavedModelExport {
  /** The method name TF Serving's predict API looks for. */
  static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private SavedModelExport() {}

  static void write(Model model, TfModelRuntime inference, Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new NoSuchFileException(String.valueOf(parent), null,
          "cannot export model '" + model.name() + "': the parent directory does not exist");
    }
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new IOException("cannot export model '" + model.name() + "' to " + target
          + ": a file (not a directory) is in the way");
    }
    if (!Files.isWritable(parent)) {
      throw new IOException("cannot export model '" + model.name() + "': directory " + parent + " is not writable");
    }
    Signature.Builder signature = Signature.builder(Signature.DEFAULT_KEY).methodName(PREDICT_METHOD);
    List<String> inputNames = model.inputNames();
    List<String> outputNames = model.outputNames();
    for (int i = 0; i < inputNames.size(); i++) {
      signature.input(inputNames.get(i), inference.inputOperands().get(i));
    }
    for (int i = 0; i < outputNames.size(); i++) {
      signature.output(outputNames.get(i), inference.inferenceOutputs().get(i));
    }
    // Not Files.createTempDirectory: its mode 700 would keep a server running as another user (TF Serving in
    // a container) out of the export; a plain directory gets the umask's permissions, as Python's export does.
    Path temp = stagingDirectory(parent, "." + target.getFileName() + ".tmp-");
    try {
      try {
        SavedModelBundle.exporter(temp.toString())
            .withFunction(SessionFunction.create(signature.build(), inference.tfSession()))
            .export();
      } catch (RuntimeException e) {
        if (!TfErrors.isNative(e)) {
          throw e;
        }
        throw new IOException("cannot export model '" + model.name() + "' to " + target + ": TensorFlow could"
            + " not write the SavedModel: " + TfErrors.firstLine(e.getMessage()), e);
      }
      replaceDirectory(temp, target);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(temp);
      throw e;
    }
  }

  private static Path stagingDirectory(Path parent, String prefix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path dir = parent.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current()
          .nextLong(), 36));
      try {
        return Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Puts {@code fresh} where {@code target} is: the old directory is first renamed aside, so that at every
   * moment either the old or the new export is complete under its final name or beside it.
   */
  private static void replaceDirectory(Path fresh, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.delete(old);
      move(target, old);
    }
    try {
      move(fresh, target);
    } catch (IOException e) {
      if (old != null) {
        move(old, target);
      }
      throw e;
    }
    if (old != null) {
      deleteRecursively(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
