package io.jkeras.utils;

import io.jkeras.training.Batches;
import java.nio.file.Path;
import org.tensorflow.ndarray.NdArray;

/**
 * Run in a child JVM with a small heap by {@link StreamingTest}: two passes over an image folder whose decoded
 * pixels are several times the heap. Prints {@code IMAGES n MAXHEAP m}.
 */
public final class StreamingChild {
  private StreamingChild() {}

  public static void main(String[] args) {
    DirectoryDataset ds = DatasetUtils.imageDatasetFromDirectory(Path.of(args[0]),
        DirectoryOptions.defaults().imageSize(128, 128).batchSize(16).seed(3).verbose(false));
    long images = 0;
    for (int epoch = 0; epoch < 2; epoch++) {
      for (Batches.Item b : ds) {
        images += ((NdArray<?>) b.x()).shape().get(0);
      }
    }
    System.out.println("IMAGES " + images + " MAXHEAP " + Runtime.getRuntime().maxMemory());
  }
}
