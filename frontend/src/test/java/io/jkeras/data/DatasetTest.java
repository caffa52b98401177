package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.training.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/** The Dataset pipeline: slicing, batching, shuffling, parallel maps in order, prefetch, cache, repeat, take. */
class DatasetTest {

  private static Dataset numbers(int n) {
    float[][] x = new float[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
      x[i][1] = -i;
      y[i] = i;
    }
    return Dataset.fromTensorSlices(x, y);
  }

  private static List<Integer> labels(Dataset ds) {
    List<Integer> out = new ArrayList<>();
    for (Batches.Item e : ds) {
      NdArray<?> y = (NdArray<?>) e.y();
      if (y.rank() == 0) {
        out.add(((IntNdArray) y).getInt());
      } else {
        for (long i = 0; i < y.shape().get(0); i++) {
          out.add(((IntNdArray) y).getInt(i));
        }
      }
    }
    return out;
  }

  @Test
  void slicesBatchAndKnowTheirCardinality() {
    Dataset ds = numbers(10).batch(4);
    assertEquals(3, ds.cardinality());
    List<Batches.Item> batches = ds.toList();
    assertEquals(3, batches.size());
    FloatNdArray x0 = (FloatNdArray) batches.get(0).x();
    assertArrayEquals(new long[] {4, 2}, x0.shape().asArray());
    assertEquals(-3f, x0.getFloat(3, 1), 0f);
    assertArrayEquals(new long[] {2}, ((NdArray<?>) batches.get(2).y()).shape().asArray(), "last batch is smaller");
    assertEquals(2, numbers(10).batch(4, true).toList().size(), "drop_remainder");
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), labels(numbers(10).batch(3)));
  }

  @Test
  void shuffleIsAPermutationReseededEachPassAndRepeatsWithTheSeed() {
    Dataset ds = numbers(50).shuffle(50, 7);
    List<Integer> first = labels(ds);
    List<Integer> second = labels(ds);
    assertEquals(50, first.stream().distinct().count());
    assertNotEquals(first, second, "a new order at every pass");
    assertEquals(first, labels(numbers(50).shuffle(50, 7)), "same seed, same first order");
    List<Integer> small = labels(numbers(50).shuffle(2, 1));
    for (int i = 0; i < small.size(); i++) {
      assertTrue(small.get(i) <= i + 1, "a buffer of 2 moves an element at most 1 ahead: " + small);
    }
  }

  @Test
  void parallelMapKeepsTheOrderAndRunsOnSeveralThreads() {
    Map<String, Boolean> threads = new ConcurrentHashMap<>();
    Dataset ds = numbers(64).map(e -> {
      threads.put(Thread.currentThread().getName(), true);
      try {
        Thread.sleep((((NdArray<?>) e.y()).getObject().hashCode() * 7) % 5);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      return new Batches.Item(e.x(), e.y(), null);
    }, 4).prefetch(Dataset.AUTOTUNE);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      expected.add(i);
    }
    assertEquals(expected, labels(ds));
    assertTrue(threads.size() > 1, "several threads: " + threads.keySet());
    assertTrue(threads.keySet().stream().noneMatch(n -> n.equals(Thread.currentThread().getName())));
  }

  @Test
  void errorsInsideThePipelineReachTheConsumerUnchanged() {
    Dataset ds = numbers(10).map(e -> {
      if (((IntNdArray) e.y()).getInt() == 6) {
        throw new IllegalArgumentException("bad element 6");
      }
      return e;
    }, 3).prefetch(2);
    var err = assertThrows(IllegalArgumentException.class, () -> labels(ds));
    assertEquals("bad element 6", err.getMessage());
  }

  @Test
  void cacheReadsTheSourceOnceAndRepeatTakeSkipCount() {
    AtomicInteger reads = new AtomicInteger();
    Dataset ds = numbers(5).map(e -> {
      reads.incrementAndGet();
      return e;
    }).cache();
    assertEquals(List.of(0, 1, 2, 3, 4), labels(ds));
    assertEquals(List.of(0, 1, 2, 3, 4), labels(ds));
    assertEquals(5, reads.get(), "the second pass comes from the cache");
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4), labels(numbers(5).repeat(2)));
    assertEquals(10, numbers(5).repeat(2).cardinality());
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1), labels(numbers(5).repeat().take(7)));
    assertEquals(Dataset.INFINITE, numbers(5).repeat().cardinality());
    assertEquals(List.of(3, 4), labels(numbers(5).skip(3)));
    assertEquals(List.of(1, 3), labels(numbers(5).filter(e -> ((IntNdArray) e.y()).getInt() % 2 == 1)));
  }

  @Test
  void batchingNamesMismatchedShapes() {
    List<Batches.Item> items = List.of(Batches.Item.of(Elements.toNdArray(new float[2][2], "x")),
        Batches.Item.of(Elements.toNdArray(new float[3][2], "x")));
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromItems(items).batch(2).toList());
    assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("(3, 2)"), e.getMessage());
  }

  @Test
  void mapsByNameAndStringsBatch() {
    Dataset ds = Dataset.fromTensorSlices(Map.of("text", new String[] {"a", "b", "c"}, "n", new long[] {1, 2, 3}),
        new float[] {0, 1, 0}).batch(2);
    Batches.Item b = ds.iterator().next();
    Map<?, ?> x = (Map<?, ?>) b.x();
    assertEquals("b", ((NdArray<?>) x.get("text")).getObject(1));
    assertEquals(2L, ((NdArray<?>) x.get("n")).getObject(1));
  }
}
