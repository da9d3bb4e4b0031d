package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTest {
  private static String[] stderrOf(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setErr(old);
    }
    return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void aCorruptRunSummaryIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("run.json"), "{bad");
    for (String command : new String[] {"serve", "mcp"}) {
      String[] r = stderrOf(command, "--run", dir.toString());
      assertEquals("2", r[0], r[1]);
      String msg = r[1].strip();
      assertEquals(1, msg.lines().count(), "one line: " + msg);
      assertTrue(msg.contains(dir.resolve("run.json") + " is not a readable run summary (line 1, column"), msg);
    }
  }

  @Test
  void aBindFailureBlamesThePortOnlyWhenItIsInUse() {
    Exception inUse = new RuntimeException("Port already in use", new BindException("Address already in use"));
    assertTrue(ServeCommand.bindMessage("127.0.0.1", 8080, inUse).startsWith("--port: cannot listen on 127.0.0.1:8080"
        + " (Address already in use); is another server using it?"));
    Exception notHere = new RuntimeException("Port already in use",
        new BindException("Cannot assign requested address"));
    String m = ServeCommand.bindMessage("203.0.113.5", 8080, notHere);
    assertTrue(m.startsWith("--host: cannot listen on 203.0.113.5:8080 (Cannot assign requested address);"), m);
    String low = ServeCommand.bindMessage("127.0.0.1", 80, new RuntimeException("x", new BindException("Permission denied")));
    assertTrue(low.startsWith("--port: cannot listen on 127.0.0.1:80 (Permission denied); ports below 1024"), low);
  }
}
