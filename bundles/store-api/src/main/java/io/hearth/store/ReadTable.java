package io.hearth.store;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Read access to the objects of one kind inside a transaction. */
@ProviderType
public interface ReadTable<T> {

  /** The kind of object this table holds. */
  ObjectKind<T> kind();

  /** The object with this id, or {@code null}. */
  T get(String id);

  /**
   * The object with this id.
   *
   * @throws NotFoundException if there is none
   */
  T require(String id);

  /**
   * The objects the selector matches, each once, in the order of the index the selector uses.
   *
   * @throws IllegalArgumentException if the selector does not apply to this kind (for example
   *     {@code byServiceId} on nodes)
   */
  List<T> find(By selector);

  /** The number of objects of this kind. */
  int count();
}
