package io.jkeras.data;

import io.jkeras.training.Batches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A stream of elements that {@code fit}, {@code evaluate} and {@code predict} take directly (the role of
 * {@code tf.data.Dataset} in Keras): each element is a {@link Batches.Item} ({@code x}, {@code y}, sample
 * weights: Keras' {@code (x, y)} tuples), whose parts are ndarrays, numbers, strings, or lists and maps of them.
 * A dataset is a recipe: every {@link #iterator()} starts a new pass, reading files again unless {@link
 * #cache()}d, so an epoch can stream data larger than memory.
 *
 * <pre>{@code
 * Dataset train = DatasetUtils.imageDatasetFromDirectory(dir, ImageDatasetOptions.defaults().imageSize(64, 64))
 *     .map(item -> Batches.Item.of(item.x(), item.y()))
 *     .prefetch(Dataset.AUTOTUNE);
 * model.fit(train, Fit.epochs(5));
 * }</pre>
 *
 * <p>{@link #map(UnaryOperator, int)} runs on a thread pool and keeps the order; {@link #prefetch(int)} fills a
 * queue on a background thread, so decoding and augmentation run ahead of the training step. {@link
 * #shuffle(int, long)} is a buffer shuffle as tf.data's, reshuffled at every pass.
 */
public abstract class Dataset implements Batches, Iterable<Batches.Item> {
  /** For buffer sizes and parallelism: let jkeras choose (the number of processors). */
  public static final int AUTOTUNE = -1;
  /** {@link #cardinality()} of a dataset that never ends. */
  public static final long INFINITE = -1;
  /** {@link #cardinality()} when the number of elements is not known in advance. */
  public static final long UNKNOWN = -2;

  protected Dataset() {}

  /** One pass over the elements. */
  @Override
  public abstract Iterator<Batches.Item> iterator();

  /** The number of elements of one pass, {@link #INFINITE} or {@link #UNKNOWN} (tf.data's {@code cardinality}). */
  public long cardinality() {
    return UNKNOWN;
  }

  /** The number of batches of one pass when known, for the progress bar. */
  @Override
  public OptionalLong size() {
    long c = cardinality();
    return c >= 0 ? OptionalLong.of(c) : OptionalLong.empty();
  }

  // ---------------------------------------------------------------- sources

  /** A dataset over an iterator supplier (one iterator per pass) with a known or {@link #UNKNOWN} cardinality. */
  public static Dataset fromGenerator(Supplier<? extends Iterator<Batches.Item>> passes, long cardinality) {
    return new Dataset() {
      @Override
      public Iterator<Batches.Item> iterator() {
        return passes.get();
      }

      @Override
      public long cardinality() {
        return cardinality;
      }
    };
  }

  /** The given elements, in order. */
  public static Dataset fromItems(List<Batches.Item> items) {
    List<Batches.Item> copy = List.copyOf(items);
    return fromGenerator(copy::iterator, copy.size());
  }

  /**
   * One element per row of {@code x} (and {@code y}): tf.data's {@code from_tensor_slices((x, y))}. Arrays are
   * ndarrays or Java arrays; maps (by input name) and lists are sliced entry by entry. Rows are views, not
   * copies.
   */
  public static Dataset fromTensorSlices(Object x, Object y) {
    Object xs = Elements.asArrays(x, "x");
    Object ys = y == null ? null : Elements.asArrays(y, "y");
    long n = Elements.rows(xs, "x");
    if (ys != null && Elements.rows(ys, "y") != n) {
      throw new IllegalArgumentException("fromTensorSlices: x has " + n + " rows but y has " + Elements.rows(ys, "y"));
    }
    return fromGenerator(() -> new Iterator<>() {
      private long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Batches.Item next() {
        if (i >= n) {
          throw new NoSuchElementException();
        }
        long row = i++;
        return new Batches.Item(Elements.row(xs, row), ys == null ? null : Elements.row(ys, row), null);
      }
    }, n);
  }

  /** One element per row of {@code x}, without targets. */
  public static Dataset fromTensorSlices(Object x) {
    return fromTensorSlices(x, null);
  }

  // ---------------------------------------------------------------- transformations

  /** Applies {@code fn} to every element, in order, on the calling thread. */
  public Dataset map(UnaryOperator<Batches.Item> fn) {
    return map(fn, 1);
  }

  /**
   * Applies {@code fn} to every element on {@code parallelism} threads ({@link #AUTOTUNE}: one per processor),
   * keeping the order (tf.data's {@code map(fn, num_parallel_calls)} with {@code deterministic=True}).
   */
  public Dataset map(UnaryOperator<Batches.Item> fn, int parallelism) {
    Dataset source = this;
    int threads = parallelism == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : parallelism;
    if (threads < 1) {
      throw new IllegalArgumentException("map: parallelism must be positive or AUTOTUNE, got " + parallelism);
    }
    return new Dataset() {
      @Override
      public Iterator<Batches.Item> iterator() {
        Iterator<Batches.Item> in = source.iterator();
        return threads == 1 ? new Iterator<>() {
          @Override
          public boolean hasNext() {
            return in.hasNext();
          }

          @Override
          public Batches.Item next() {
            return fn.apply(in.next());
          }
        } : Parallel.orderedMap(in, fn, threads);
      }

      @Override
      public long cardinality() {
        return source.cardinality();
      }
    };
  }

  /** Keeps the elements for which {@code keep} is true. */
  public Dataset filter(Predicate<Batches.Item> keep) {
    Dataset source = this;
    return fromGenerator(() -> new Iterator<>() {
      private final Iterator<Batches.Item> in = source.iterator();
      private Batches.Item next;

      @Override
      public boolean hasNext() {
        while (next == null && in.hasNext()) {
          Batches.Item e = in.next();
          if (keep.test(e)) {
            next = e;
          }
        }
        return next != null;
      }

      @Override
      public Batches.Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Batches.Item e = next;
        next = null;
        return e;
      }
    }, source.cardinality() == INFINITE ? INFINITE : UNKNOWN);
  }

  /** Stacks {@code batchSize} consecutive elements into one; the last batch may be smaller. */
  public Dataset batch(int batchSize) {
    return batch(batchSize, false);
  }

  /**
   * Stacks {@code batchSize} consecutive elements into one along a new first axis (tf.data's {@code batch}); with
   * {@code dropRemainder} a last, smaller batch is left out. Elements must have the same structure and shapes.
   */
  public Dataset batch(int batchSize, boolean dropRemainder) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch: batch_size must be positive, got " + batchSize);
    }
    Dataset source = this;
    long c = source.cardinality();
    long card = c < 0 ? c : dropRemainder ? c / batchSize : (c + batchSize - 1) / batchSize;
    return fromGenerator(() -> new Iterator<>() {
      private final Iterator<Batches.Item> in = source.iterator();
      private Batches.Item next;
      private long index;

      @Override
      public boolean hasNext() {
        if (next == null) {
          List<Batches.Item> group = new ArrayList<>(batchSize);
          while (group.size() < batchSize && in.hasNext()) {
            group.add(in.next());
          }
          if (!group.isEmpty() && (group.size() == batchSize || !dropRemainder)) {
            next = Elements.stack(group, "batch " + index++);
          }
        }
        return next != null;
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
    }, card);
  }

  /** A buffer shuffle with a seed drawn once, reshuffled at every pass. */
  public Dataset shuffle(int bufferSize) {
    return shuffle(bufferSize, new Random().nextLong());
  }

  /**
   * tf.data's buffer shuffle: a buffer of {@code bufferSize} elements, from which a random one is given and
   * replaced by the next; a buffer as large as the dataset is a full shuffle. Each pass draws another order from
   * {@code seed} (tf.data's {@code reshuffle_each_iteration=True}), the same orders in every run.
   */
  public Dataset shuffle(int bufferSize, long seed) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("shuffle: buffer_size must be positive, got " + bufferSize);
    }
    Dataset source = this;
    AtomicLong passes = new AtomicLong();
    return fromGenerator(() -> {
      Random rng = new Random(seed * 0x9E3779B97F4A7C15L + passes.getAndIncrement());
      Iterator<Batches.Item> in = source.iterator();
      List<Batches.Item> buffer = new ArrayList<>(Math.min(bufferSize, 4096));
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          while (buffer.size() < bufferSize && in.hasNext()) {
            buffer.add(in.next());
          }
          return !buffer.isEmpty();
        }

        @Override
        public Batches.Item next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int k = rng.nextInt(buffer.size());
          Batches.Item e = buffer.get(k);
          Batches.Item last = buffer.remove(buffer.size() - 1);
          if (k < buffer.size()) {
            buffer.set(k, last);
          }
          return e;
        }
      };
    }, source.cardinality());
  }

  /**
   * Produces up to {@code bufferSize} elements ahead on a background thread ({@link #AUTOTUNE}: two), so the
   * work of the steps before (reading, decoding, augmenting) overlaps the training step.
   */
  public Dataset prefetch(int bufferSize) {
    int n = bufferSize == AUTOTUNE ? 2 : bufferSize;
    if (n < 1) {
      throw new IllegalArgumentException("prefetch: buffer_size must be positive or AUTOTUNE, got " + bufferSize);
    }
    Dataset source = this;
    return fromGenerator(() -> Parallel.prefetch(source.iterator(), n), source.cardinality());
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them afterwards (tf.data's {@code
   * cache()} without a file). A pass left unfinished is not kept.
   */
  public Dataset cache() {
    Dataset source = this;
    List<Batches.Item>[] cached = new List[1];
    return fromGenerator(() -> {
      List<Batches.Item> done = cached[0];
      if (done != null) {
        return done.iterator();
      }
      Iterator<Batches.Item> in = source.iterator();
      List<Batches.Item> building = new ArrayList<>();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = in.hasNext();
          if (!more && cached[0] == null) {
            cached[0] = Collections.unmodifiableList(building);
          }
          return more;
        }

        @Override
        public Batches.Item next() {
          Batches.Item e = in.next();
          building.add(e);
          return e;
        }
      };
    }, source.cardinality());
  }

  /** Repeats the dataset without end (use {@code Fit.stepsPerEpoch}). */
  public Dataset repeat() {
    return repeat(-1);
  }

  /** Repeats the dataset {@code count} times ({@code -1}: without end). */
  public Dataset repeat(int count) {
    Dataset source = this;
    long c = source.cardinality();
    long card = count < 0 ? (c == 0 ? 0 : INFINITE) : c < 0 ? c : c * count;
    return fromGenerator(() -> new Iterator<>() {
      private int done;
      private Iterator<Batches.Item> in = source.iterator();

      @Override
      public boolean hasNext() {
        while (!in.hasNext()) {
          done++;
          if (count >= 0 && done >= count) {
            return false;
          }
          in = source.iterator();
          if (!in.hasNext()) {
            return false;   // an empty dataset repeated is empty
          }
        }
        return true;
      }

      @Override
      public Batches.Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return in.next();
      }
    }, card);
  }

  /** The first {@code count} elements. */
  public Dataset take(long count) {
    Dataset source = this;
    long c = source.cardinality();
    long card = c == INFINITE ? count : c < 0 ? UNKNOWN : Math.min(c, count);
    return fromGenerator(() -> new Iterator<>() {
      private final Iterator<Batches.Item> in = source.iterator();
      private long given;

      @Override
      public boolean hasNext() {
        return given < count && in.hasNext();
      }

      @Override
      public Batches.Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        given++;
        return in.next();
      }
    }, card);
  }

  /** All but the first {@code count} elements. */
  public Dataset skip(long count) {
    Dataset source = this;
    long c = source.cardinality();
    long card = c < 0 ? c : Math.max(0, c - count);
    return fromGenerator(() -> {
      Iterator<Batches.Item> in = source.iterator();
      for (long i = 0; i < count && in.hasNext(); i++) {
        in.next();
      }
      return in;
    }, card);
  }

  /** Maps each element's inputs only: {@code ds.mapX(x -> ...)} keeps targets and weights. */
  public Dataset mapX(Function<Object, Object> fn) {
    return map(e -> new Batches.Item(fn.apply(e.x()), e.y(), e.sampleWeight()));
  }

  /** The inputs only (Keras' {@code ds.map(lambda x, y: x)}), e.g. to adapt a preprocessing layer. */
  public Dataset inputs() {
    return map(e -> Batches.Item.of(e.x()));
  }

  /** All elements of one pass, in memory (for small datasets and tests). */
  public List<Batches.Item> toList() {
    List<Batches.Item> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }
}
