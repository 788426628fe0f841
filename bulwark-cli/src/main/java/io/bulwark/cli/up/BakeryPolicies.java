package io.bulwark.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seeds a policy directory with the bakery policies bundled in the bakery module (resources under
 * {@value #RESOURCE_DIR}), so {@code bulwark up} has working policies on first start.
 */
final class BakeryPolicies {
  static final String RESOURCE_DIR = "io/bulwark/examples/bakery/policies";
  private static final String KNOWN_FILE = "bakery_roles.yaml";

  private BakeryPolicies() {}

  /** Creates {@code dir} with the bakery policies unless it exists; returns whether it did. */
  static boolean seed(Path dir) {
    if (Files.exists(dir)) {
      return false;
    }
    URL known = BakeryPolicies.class.getClassLoader().getResource(RESOURCE_DIR + "/" + KNOWN_FILE);
    if (known == null) {
      throw new IllegalStateException("the bakery policies are not bundled (" + RESOURCE_DIR + ")");
    }
    try {
      URI uri = known.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = open(uri)) {
          copy(jar.provider().getPath(uri).getParent(), dir);
        }
      } else {
        copy(Path.of(uri).getParent(), dir);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the bakery policies to " + dir, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + known, e);
    }
  }

  private static FileSystem open(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      throw new IOException("the jar file system is already open", e);
    }
  }

  private static void copy(Path source, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(source)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    Path tmp =
        Files.createTempDirectory(
            dir.toAbsolutePath().getParent(),
            ".policies",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        Files.copy(in, tmp.resolve(file.getFileName().toString()));
      }
    }
    Files.move(tmp, dir);
  }
}
