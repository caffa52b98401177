package io.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {
  @Test
  void speedSwitchesDefaultToTensorFlowsOwnBehaviour() {
    RuntimeOptions o = RuntimeOptions.defaults();
    assertEquals("float32", o.mixedPrecision());
    assertTrue(o.remapping());
    assertTrue(o.threadSpinning());
    assertFalse(o.jitCompile());
  }

  @Test
  void switchesAreKept() {
    RuntimeOptions o = RuntimeOptions.defaults().mixedPrecision("mixed_bfloat16").remapping(false)
        .threadSpinning(false);
    assertEquals("mixed_bfloat16", o.mixedPrecision());
    assertFalse(o.remapping());
    assertFalse(o.threadSpinning());
  }

  @Test
  void unknownPolicyNamesThePolicy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RuntimeOptions.defaults().mixedPrecision("mixed_float16"));
    assertTrue(e.getMessage().contains("mixed_float16"), e.getMessage());
  }
}
