package io.hearth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The bundle jars shipped inside the launcher under {@code bundles/}, installed from there at
 * every start (the framework cache is cleaned on first init, so these are always the ones that
 * run).
 */
final class EmbeddedBundles {

  static final String FOLDER = "bundles/";

  /** Location prefix of embedded bundles, e.g. {@code hearth:bundles/hearth-store.jar}. */
  static final String LOCATION_PREFIX = "hearth:";

  private EmbeddedBundles() {}

  /** Installs every embedded bundle, in name order, and returns them in that order. */
  static List<Bundle> installAll(BundleContext context) throws BundleException {
    List<String> names = list();
    if (names.isEmpty()) {
      throw new IllegalStateException("no " + FOLDER + "*.jar inside the launcher");
    }
    List<Bundle> installed = new ArrayList<>();
    for (String name : names) {
      try (InputStream in = EmbeddedBundles.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("cannot read " + name + " from the launcher");
        }
        installed.add(context.installBundle(LOCATION_PREFIX + name, in));
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
    }
    return installed;
  }

  /** Resource names {@code bundles/x.jar}, sorted; works from the jar and from a classes dir. */
  static List<String> list() {
    Path origin;
    try {
      origin = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> names = new ArrayList<>();
    try {
      if (Files.isDirectory(origin)) {
        Path folder = origin.resolve(FOLDER);
        if (Files.isDirectory(folder)) {
          try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> FOLDER + p.getFileName()).filter(n -> n.endsWith(".jar")).forEach(names::add);
          }
        }
      } else {
        try (JarFile jar = new JarFile(origin.toFile())) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String n = entry.getName();
            if (n.startsWith(FOLDER) && n.endsWith(".jar") && n.indexOf('/', FOLDER.length()) < 0) {
              names.add(n);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the bundles in " + origin, e);
    }
    Collections.sort(names);
    return names;
  }
}
