"""A form's one-time key (dossier/domain/once.py): the second send of a double tap."""

from dossier.domain.once import FIELD, is_fresh_send, new_form_key


def test_a_form_sent_with_the_key_it_was_opened_with_is_fresh() -> None:
    key = new_form_key()
    assert is_fresh_send({FIELD: key, "title": "Bellen"}, key)


def test_a_second_send_after_the_key_was_spent_is_not_fresh() -> None:
    key = new_form_key()
    assert not is_fresh_send({FIELD: key}, "")


def test_a_send_from_an_older_form_or_without_a_key_is_not_fresh() -> None:
    assert not is_fresh_send({FIELD: new_form_key()}, new_form_key())
    assert not is_fresh_send({}, new_form_key())
    assert not is_fresh_send({FIELD: ["a", "list"]}, "a")


def test_every_form_opening_gets_its_own_key() -> None:
    assert len({new_form_key() for _ in range(100)}) == 100
