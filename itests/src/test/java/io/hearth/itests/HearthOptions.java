package io.hearth.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/** The Pax Exam configuration of a one-node Hearth framework. Runs on the driver side. */
final class HearthOptions {

  private HearthOptions() {}

  static Option[] node() {
    return options(
        // OSGi runtime pieces; versions from the pom (depends-maven-plugin)
        mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
        mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
        mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
        mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
        mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
        mavenBundle("com.google.protobuf", "protobuf-java").versionAsInProject(),
        // the replication bundle logs through SLF4J; slf4j-simple is a fragment of slf4j-api
        mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
        mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().noStart(),
        hearthBundles(),
        junitBundles(),
        // as in the launcher: keep delayed components (the store) when nobody holds them
        frameworkProperty("ds.delayed.keepInstances").value("true"),
        systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
  }

  /** {@link #node()} with the shell bundle and the Gogo runtime whose command API it uses. */
  static Option[] nodeWithShell() {
    return options(
        composite(node()),
        mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
        bundle(Path.of(required("hearth.itests.bundles"), SHELL_JAR).toUri().toString()));
  }

  /** Left out of {@link #node()}: it needs the Gogo runtime, which only {@link #nodeWithShell} adds. */
  private static final String SHELL_JAR = "hearth-shell.jar";

  /**
   * Every jar of target/bundles (the reactor's Hearth bundles) but the shell's, then this
   * module's own jar.
   */
  private static Option hearthBundles() {
    Path dir = Path.of(required("hearth.itests.bundles"));
    try (Stream<Path> jars = Files.list(dir)) {
      List<Path> all = jars.filter(p -> p.toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().equals(SHELL_JAR)).sorted().toList();
      Stream<Path> withOwn = Stream.concat(all.stream(), Stream.of(Path.of(required("hearth.itests.bundle"))));
      return composite(withOwn.map(p -> bundle(p.toUri().toString())).toArray(Option[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException("no bundles in " + dir + " (copied at pre-integration-test)", e);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("-D" + property + " is not set: run the *IT through failsafe (./mvnw verify)");
    }
    return value;
  }
}
