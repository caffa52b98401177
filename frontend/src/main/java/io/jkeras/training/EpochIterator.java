package io.jkeras.training;

import io.jkeras.backend.Batch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;

/**
 * The batches of each epoch, as Keras' {@code EpochIterator}: a full pass over the data per epoch, or with
 * {@code steps} a fixed number of steps that continues the same pass across epochs, starting a new pass (and
 * a new shuffle) when the data is used up.
 */
final class EpochIterator {
  private static final System.Logger LOG = System.getLogger(EpochIterator.class.getName());

  /** Where batches come from. */
  interface Source {
    OptionalLong numBatches();

    Iterator<Batch> newPass();
  }

  private final Source source;
  private final Long steps;
  private Iterator<Batch> current;

  EpochIterator(Source source, Long steps) {
    this.source = source;
    this.steps = steps;
  }

  /** Steps per epoch if known. */
  OptionalLong steps() {
    return steps != null ? OptionalLong.of(steps) : source.numBatches();
  }

  /** The batches of the next epoch. */
  Iterator<Batch> epoch() {
    if (steps == null) {
      return source.newPass();
    }
    if (current == null || !current.hasNext()) {
      current = source.newPass();
    }
    return new Iterator<>() {
      long left = steps;

      @Override
      public boolean hasNext() {
        if (left <= 0) {
          return false;
        }
        if (!current.hasNext()) {
          LOG.log(System.Logger.Level.WARNING, "Your input ran out of data; interrupting epoch after "
              + (steps - left) + " of " + steps + " steps. Make sure the data can produce at least"
              + " steps_per_epoch * epochs batches.");
          left = 0;
          return false;
        }
        return true;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        left--;
        return current.next();
      }
    };
  }

  /** Arrays in memory cut into batches: views in order, or gathers in a new random order per pass. */
  static Source arrays(ArrayData data, int batchSize, boolean shuffle, Random rng) {
    long n = data.size;
    long numBatches = (n + batchSize - 1) / batchSize;
    return new Source() {
      @Override
      public OptionalLong numBatches() {
        return OptionalLong.of(numBatches);
      }

      @Override
      public Iterator<Batch> newPass() {
        int[] order = shuffle ? permutation(n, rng) : null;
        return new Iterator<>() {
          long start = 0;

          @Override
          public boolean hasNext() {
            return start < n;
          }

          @Override
          public Batch next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            long end = Math.min(n, start + batchSize);
            Batch b = order == null ? data.slice(start, end).toBatch()
                : data.gather(order, (int) start, (int) end);
            start = end;
            return b;
          }
        };
      }
    };
  }

  private static int[] permutation(long n, Random rng) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shuffle: " + n + " examples are more than one pass can shuffle;"
          + " use shuffle(false) or Batches");
    }
    int[] p = new int[(int) n];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    for (int i = p.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** User batches, each converted as {@code fit}'s arguments are. */
  static Source batches(Batches batches, Function<Batches.Item, Batch> convert) {
    return new Source() {
      @Override
      public OptionalLong numBatches() {
        return batches.size();
      }

      @Override
      public Iterator<Batch> newPass() {
        Iterator<Batches.Item> it = batches.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Batch next() {
            return convert.apply(it.next());
          }
        };
      }
    };
  }
}
