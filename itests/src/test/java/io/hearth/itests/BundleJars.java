package io.hearth.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/** Builds "a new version" of an installed bundle for update tests. */
final class BundleJars {

  private BundleJars() {}

  /**
   * The jar {@code bundle} was installed from, with its {@code Bundle-Version} set to
   * {@code version}; every other entry as it was.
   */
  static byte[] withVersion(Bundle bundle, Version version) throws IOException {
    try (JarInputStream in = new JarInputStream(new URL(bundle.getLocation()).openStream())) {
      if (in.getManifest() == null) {
        throw new IOException(bundle.getLocation() + " has no manifest first");
      }
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().putValue("Bundle-Version", version.toString());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
        for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
          out.putNextEntry(new JarEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
      return bytes.toByteArray();
    }
  }
}
