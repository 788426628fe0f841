package io.bulwark.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Closed CEL struct types and the provider that declares them: shared by the policy engine and the
 * audit detection rules, so a misspelt field is a compile error in both.
 */
public final class CelTypes {
  private CelTypes() {}

  /** A struct type called {@code name} with exactly {@code fields}. */
  public static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(
        name,
        ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
  }

  /** Field names and types in order, given as alternating {@code String} and {@link CelType}. */
  public static Map<String, CelType> fields(Object... pairs) {
    Map<String, CelType> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (CelType) pairs[i + 1]);
    }
    return out;
  }

  /** A type provider that knows exactly {@code types}. */
  public static CelTypeProvider provider(ImmutableList<CelType> types) {
    return new CelTypeProvider() {
      @Override
      public ImmutableCollection<CelType> types() {
        return types;
      }

      @Override
      public Optional<CelType> findType(String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst();
      }
    };
  }
}
