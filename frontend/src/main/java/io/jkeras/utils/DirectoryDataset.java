package io.jkeras.utils;

import io.jkeras.data.Dataset;
import io.jkeras.data.Elements;
import io.jkeras.training.Batches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The dataset {@link DatasetUtils#imageDatasetFromDirectory} and {@link DatasetUtils#textDatasetFromDirectory}
 * return: files read anew at every pass (so an epoch may hold more than memory), decoded on a thread pool ahead of
 * the consumer, shuffled in a buffer at every pass, batched and prefetched, as Keras' tf.data pipeline does. A
 * file that cannot be read is skipped and counted, and each pass that skipped files logs them once (a warning
 * naming the first few), so that one corrupt image never stops a training run.
 */
public final class DirectoryDataset extends Dataset {
  private static final System.Logger LOG = System.getLogger(DirectoryDataset.class.getName());

  /** Loads element {@code i} (the file's decoded contents and label) or throws why it cannot. */
  @FunctionalInterface
  interface Loader {
    Batches.Item load(int index) throws IOException;
  }

  private final String function;
  private final List<Path> files;
  private final List<String> classNames;
  private final Loader loader;
  private final Integer batchSize;
  private final boolean shuffle;
  private final long seed;
  private final int parallelism;
  private final boolean sameSizeCheck;
  private final AtomicLong passes = new AtomicLong();
  private volatile List<String> lastSkipped = List.of();

  DirectoryDataset(String function, List<Path> files, List<String> classNames, Loader loader, Integer batchSize,
      boolean shuffle, long seed, int parallelism, boolean sameSizeCheck) {
    this.function = function;
    this.files = List.copyOf(files);
    this.classNames = classNames == null ? null : List.copyOf(classNames);
    this.loader = loader;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.parallelism = parallelism == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : parallelism;
    this.sameSizeCheck = sameSizeCheck;
  }

  /** The class names, in label order (Keras' {@code dataset.class_names}); null without labels. */
  public List<String> classNames() {
    return classNames;
  }

  /** The files, in the order they were listed and split (Keras' {@code dataset.file_paths}). */
  public List<Path> filePaths() {
    return files;
  }

  /** The files the last complete pass skipped, each with the reason. */
  public List<String> skippedFiles() {
    return lastSkipped;
  }

  @Override
  public long cardinality() {
    return batchSize == null ? files.size() : (files.size() + batchSize - 1) / batchSize;
  }

  @Override
  public Iterator<Batches.Item> iterator() {
    long pass = passes.getAndIncrement();
    Iterator<Integer> order = order(pass);
    List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    Iterator<Object> loaded = ParallelLoads.ordered(order, i -> {
      try {
        return new Loaded(i, loader.load(i));
      } catch (IOException | RuntimeException e) {
        return new Loaded(i, null, files.get(i) + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
            : e.getMessage().replace(files.get(i).toString() + ": ", "").replace(files.get(i) + " ", "")) + ")");
      }
    }, parallelism);
    Iterator<Batches.Item> batches = new Iterator<>() {
      private Batches.Item next;
      private Loaded reference;
      private long index;
      private boolean reported;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        int size = batchSize == null ? 1 : batchSize;
        List<Batches.Item> group = new ArrayList<>(size);
        while (group.size() < size && loaded.hasNext()) {
          Loaded l = (Loaded) loaded.next();
          if (l.item == null) {
            skipped.add(l.reason);
            continue;
          }
          if (sameSizeCheck && batchSize != null) {
            checkSize(l);
          }
          group.add(l.item);
        }
        if (group.isEmpty()) {
          report();
          return false;
        }
        next = batchSize == null ? group.get(0) : Elements.stack(group, function + ": batch " + index++);
        return true;
      }

      private void checkSize(Loaded l) {
        long[] s = ((org.tensorflow.ndarray.NdArray<?>) l.item.x()).shape().asArray();
        if (reference == null) {
          reference = l;
          return;
        }
        long[] r = ((org.tensorflow.ndarray.NdArray<?>) reference.item.x()).shape().asArray();
        if (!java.util.Arrays.equals(r, s)) {
          throw new IllegalArgumentException(function + ": images have different sizes and no image size was "
              + "given, so they cannot be batched: " + files.get(reference.index) + " is " + r[1] + "x" + r[0]
              + ", " + files.get(l.index) + " is " + s[1] + "x" + s[0] + " (width x height); give imageSize(h, w)"
              + " to resize them, or batchSize(null)");
        }
      }

      private void report() {
        if (reported) {
          return;
        }
        reported = true;
        lastSkipped = List.copyOf(skipped);
        if (!skipped.isEmpty()) {
          LOG.log(System.Logger.Level.WARNING, "{0}: skipped {1} of {2} files that could not be read: {3}{4}",
              function, skipped.size(), files.size(), String.join("; ", skipped.subList(0, Math.min(3,
                  skipped.size()))), skipped.size() > 3 ? "; ..." : "");
        }
      }

      @Override
      public Batches.Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Batches.Item b = next;
        next = null;
        return b;
      }
    };
    return Dataset.fromGenerator(() -> batches, cardinality()).prefetch(AUTOTUNE).iterator();
  }

  /** The file order of one pass: Keras' buffer shuffle (8 batches, or 1024 files) reseeded at every pass. */
  private Iterator<Integer> order(long pass) {
    List<Integer> all = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      all.add(i);
    }
    if (!shuffle) {
      return all.iterator();
    }
    int buffer = batchSize == null ? 1024 : batchSize * 8;
    Random rng = new Random(seed * 0x9E3779B97F4A7C15L + pass);
    Iterator<Integer> in = all.iterator();
    List<Integer> buf = new ArrayList<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (buf.size() < buffer && in.hasNext()) {
          buf.add(in.next());
        }
        return !buf.isEmpty();
      }

      @Override
      public Integer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int k = rng.nextInt(buf.size());
        Integer e = buf.get(k);
        Integer last = buf.remove(buf.size() - 1);
        if (k < buf.size()) {
          buf.set(k, last);
        }
        return e;
      }
    };
  }

  private record Loaded(int index, Batches.Item item, String reason) {
    Loaded(int index, Batches.Item item) {
      this(index, item, null);
    }
  }

  /** Ordered parallel loads on the shared data pool (the same pool as {@code Dataset.map}). */
  static final class ParallelLoads {
    private ParallelLoads() {}

    static Iterator<Object> ordered(Iterator<Integer> order, IntFunction<Object> load, int threads) {
      Dataset indices = Dataset.fromGenerator(() -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return order.hasNext();
        }

        @Override
        public Batches.Item next() {
          return Batches.Item.of(order.next());
        }
      }, UNKNOWN);
      Dataset loads = indices.map(e -> Batches.Item.of(load.apply((Integer) e.x())), Math.max(1, threads));
      Iterator<Batches.Item> it = loads.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Object next() {
          return it.next().x();
        }
      };
    }
  }
}
