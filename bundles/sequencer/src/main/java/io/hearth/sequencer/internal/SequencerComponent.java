package io.hearth.sequencer.internal;

import io.hearth.sequencer.StandardSequencer;
import io.hearth.store.ObjectKind;
import io.hearth.store.spi.Sequencer;
import org.osgi.service.component.annotations.Component;

/** Registers the standard sequencer as the {@link Sequencer} service. */
@Component(service = Sequencer.class)
public final class SequencerComponent implements Sequencer {
  private final Sequencer rule = new StandardSequencer();

  @Override
  public long nextVersion(long baseVersion) {
    return rule.nextVersion(baseVersion);
  }

  @Override
  public void checkUpdate(ObjectKind<?> kind, String id, long givenVersion, long storedVersion) {
    rule.checkUpdate(kind, id, givenVersion, storedVersion);
  }
}
