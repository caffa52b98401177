package io.jkeras.util;

import io.jkeras.saving.KerasSerializable;
import java.util.Objects;

/**
 * A {@link KerasSerializable} whose identity is its class name and config: two initializers, regularizers or
 * constraints with the same Keras config are equal, so layer configs compare equal after a round trip through
 * {@code fromConfig}.
 */
public abstract class ConfigObject implements KerasSerializable {
  protected ConfigObject() {}

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    ConfigObject other = (ConfigObject) o;
    return className().equals(other.className()) && getConfig().equals(other.getConfig());
  }

  @Override
  public int hashCode() {
    return Objects.hash(className(), getConfig());
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }
}
