package io.jkeras.training;

import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Data that comes batch by batch, for data that does not fit in memory (Keras' generators and
 * {@code PyDataset}). {@link #iterator()} starts one pass over the data; the training loop calls it at the
 * start of each epoch (or, with {@code stepsPerEpoch}, when the previous pass is used up). Each item's
 * {@code x}, {@code y} and {@code sampleWeight} take the same forms as {@code fit}'s arguments (arrays, maps by
 * name, lists).
 *
 * <pre>{@code
 * Batches data = Batches.of(() -> new MyFileReader(path, 64)); // an Iterator<Batches.Item>
 * model.fit(data, Fit.epochs(3));
 * }</pre>
 */
public interface Batches {
  /** One pass over the data. */
  Iterator<Item> iterator();

  /** The number of batches of one pass, if known (used by the progress bar). */
  default OptionalLong size() {
    return OptionalLong.empty();
  }

  /**
   * One batch.
   *
   * @param x the inputs: an array, a list in input order, or a map by input name
   * @param y the targets ({@code null} for prediction)
   * @param sampleWeight weights per example, or {@code null}
   */
  record Item(Object x, Object y, Object sampleWeight) {
    public static Item of(Object x, Object y) {
      return new Item(x, y, null);
    }

    public static Item of(Object x) {
      return new Item(x, null, null);
    }
  }

  /** Batches from a supplier of passes, length unknown. */
  static Batches of(Supplier<? extends Iterator<Item>> passes) {
    return passes::get;
  }

  /** Batches held in a list (each pass goes over the list). */
  static Batches of(List<Item> items) {
    List<Item> copy = List.copyOf(items);
    return new Batches() {
      @Override
      public Iterator<Item> iterator() {
        return copy.iterator();
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(copy.size());
      }
    };
  }
}
