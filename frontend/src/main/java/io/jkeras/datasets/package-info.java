/** Small data sets for examples and tests, as {@code keras.datasets}: {@link io.jkeras.datasets.Mnist}. */
package io.jkeras.datasets;
