package io.bulwark.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds and reads the YAML files of a policy directory tree: policies are {@code *.yaml} and {@code
 * *.yml}, test suites end in {@code _test.yaml} or {@code _test.yml}; hidden files and directories
 * are skipped.
 */
final class PolicyFiles {
  /** Largest file read. */
  static final long MAX_FILE_BYTES = 1 << 20;

  /** Most files read from one tree. */
  static final int MAX_FILES = 10_000;

  private PolicyFiles() {}

  /** The policy or test files under {@code dir}, sorted by path; errors are reported. */
  static List<Path> list(Path dir, boolean tests, List<PolicyError> errors) {
    if (!Files.isDirectory(dir)) {
      errors.add(new PolicyError(dir.toString(), 0, 0, "not a directory"));
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files =
          walk.filter(path -> !hidden(dir, path))
              .filter(Files::isRegularFile)
              .filter(path -> isYaml(path) && isTest(path) == tests)
              .sorted()
              .limit(MAX_FILES + 1L)
              .toList();
      if (files.size() > MAX_FILES) {
        errors.add(new PolicyError(dir.toString(), 0, 0, "more than " + MAX_FILES + " files"));
        return List.of();
      }
      return files;
    } catch (IOException | java.io.UncheckedIOException e) {
      errors.add(new PolicyError(dir.toString(), 0, 0, "cannot list: " + e.getMessage()));
      return List.of();
    }
  }

  /** Reads and parses one file; problems are reported and give empty. */
  static Optional<YamlDoc> read(Path file, List<PolicyError> errors) {
    String name = file.toString();
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        errors.add(new PolicyError(name, 0, 0, "larger than " + MAX_FILE_BYTES + " bytes"));
        return Optional.empty();
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
      return YamlDoc.parse(name, text, errors);
    } catch (CharacterCodingException e) {
      errors.add(new PolicyError(name, 0, 0, "not valid UTF-8"));
    } catch (IOException e) {
      errors.add(new PolicyError(name, 0, 0, "cannot read: " + e.getMessage()));
    }
    return Optional.empty();
  }

  static boolean isTest(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith("_test.yaml") || name.endsWith("_test.yml");
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean hidden(Path root, Path path) {
    Path relative = root.relativize(path);
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Orders errors by file, line and column, keeping insertion order among equals. */
  static List<PolicyError> sorted(List<PolicyError> errors) {
    List<PolicyError> out = new ArrayList<>(errors);
    out.sort(
        java.util.Comparator.comparing(PolicyError::file)
            .thenComparingInt(PolicyError::line)
            .thenComparingInt(PolicyError::column));
    return out;
  }
}
