package dev.undercurrent.spark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {
  @Test
  void aMasterUrlSparkCannotReadIsRefusedWithTheFormsItCan() {
    for (String ok : List.of("local", "local[2]", "local[*]", "local[4, 3]", "local-cluster[2,1,1024]",
        "spark://10.0.0.5:7077", "yarn", "k8s://https://kube.example:6443")) {
      assertEquals(ok, Sessions.checkedMaster(ok));
    }
    assertEquals("local[2]", Sessions.checkedMaster(" local[2] "), "spaces around are dropped");
    for (String bad : List.of("bogus://x", "local[two]", "local[", "spark://", "mesos://m:5050", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sessions.checkedMaster(bad), bad);
      assertEquals("--master: '" + bad + "' is not a Spark master URL; expected local, local[N], local[*],"
          + " spark://HOST:PORT, yarn or k8s://HOST:PORT", e.getMessage());
    }
  }
}
