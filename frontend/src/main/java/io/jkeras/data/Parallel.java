package io.jkeras.data;

import io.jkeras.training.Batches;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads of the data pipeline: one shared pool of daemon threads for parallel maps and decoding (as tf.data
 * shares one), and one background thread per prefetching pass. A pass that is abandoned (a {@code take}, an
 * interrupted fit) lets its producer end: the producer holds the consumer only weakly and stops once it is
 * gone.
 */
final class Parallel {
  private Parallel() {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** The shared pool: as many threads as processors, daemons, so that they never keep the JVM alive. */
  static final ExecutorService POOL = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "jkeras-data-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  /** {@code fn} over {@code in} on the shared pool, up to {@code threads} elements in flight, in order. */
  static <T, R> Iterator<R> orderedMap(Iterator<T> in, Function<? super T, ? extends R> fn, int threads) {
    int window = Math.max(1, threads);
    return new Iterator<>() {
      private final ArrayDeque<Future<? extends R>> inFlight = new ArrayDeque<>();

      private void fill() {
        while (inFlight.size() < window && in.hasNext()) {
          T e = in.next();
          inFlight.add(POOL.submit(() -> fn.apply(e)));
        }
      }

      @Override
      public boolean hasNext() {
        fill();
        return !inFlight.isEmpty();
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Future<? extends R> f = inFlight.poll();
        R r = await(f);
        fill();
        return r;
      }
    };
  }

  static <R> R await(Future<? extends R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while waiting for data");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t instanceof java.io.IOException io) {
      return new java.io.UncheckedIOException(io);
    }
    return new IllegalStateException(t);
  }

  private record Failure(Throwable error) {}

  private static final Object END = new Object();

  /** Elements of {@code in} produced ahead, up to {@code n} waiting, by a background thread. */
  static Iterator<Batches.Item> prefetch(Iterator<Batches.Item> in, int n) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(n);
    Consumer consumer = new Consumer(queue);
    WeakReference<Consumer> alive = new WeakReference<>(consumer);
    Thread producer = new Thread(() -> {
      try {
        while (in.hasNext()) {
          if (!offer(queue, in.next(), alive)) {
            return;
          }
        }
        offer(queue, END, alive);
      } catch (Throwable t) {
        offer(queue, new Failure(t), alive);
      }
    }, "jkeras-prefetch-" + THREADS.incrementAndGet());
    producer.setDaemon(true);
    producer.start();
    return consumer;
  }

  /** Puts {@code e} in the queue unless the consumer is gone; false if it is. */
  private static boolean offer(BlockingQueue<Object> queue, Object e, WeakReference<Consumer> alive) {
    try {
      while (!queue.offer(e, 200, TimeUnit.MILLISECONDS)) {
        if (alive.get() == null) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException ie) {
      return false;
    }
  }

  private static final class Consumer implements Iterator<Batches.Item> {
    private final BlockingQueue<Object> queue;
    private Object head;
    private boolean done;

    Consumer(BlockingQueue<Object> queue) {
      this.queue = queue;
    }

    @Override
    public boolean hasNext() {
      if (done) {
        return false;
      }
      if (head == null) {
        try {
          head = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.util.concurrent.CancellationException("interrupted while waiting for data");
        }
      }
      if (head == END) {
        done = true;
        return false;
      }
      if (head instanceof Failure f) {
        done = true;
        throw rethrow(f.error());
      }
      return true;
    }

    @Override
    public Batches.Item next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Batches.Item e = (Batches.Item) head;
      head = null;
      return e;
    }
  }
}
