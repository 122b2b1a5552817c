// The referral form, enhanced: a filter box for the member select, and topic suggestions that
// follow the chosen member's trades. Without JavaScript the form works as it is.
const select = document.getElementById('f-receiver');
const filterField = document.querySelector('[data-receiver-filter]');
const filter = document.getElementById('f-receiver-filter');
const topic = document.getElementById('f-topic');
const suggestions = document.getElementById('topic-suggestions');

if (select && filterField && filter) {
  const placeholder = select.options[0];
  const members = Array.from(select.options).slice(1);
  filterField.hidden = false;
  // Options are taken out of the select rather than hidden: not every browser honours hidden options.
  filter.addEventListener('input', () => {
    const chosen = select.value;
    const query = filter.value.trim().toLocaleLowerCase();
    const shown = members.filter((option) => option.value === chosen || query === '' || option.text.toLocaleLowerCase().includes(query));
    select.replaceChildren(placeholder, ...shown);
    // Re-inserting options makes Chromium select the last one: keep what the member chose (or nothing).
    select.value = chosen;
  });
}

if (select && topic && suggestions) {
  const allSuggestions = Array.from(suggestions.options).map((option) => option.value);
  const tradesOf = (option) => (option && option.dataset.trades ? option.dataset.trades.split('|').filter(Boolean) : []);
  const showSuggestions = (values) => {
    suggestions.replaceChildren(
      ...values.map((value) => {
        const option = document.createElement('option');
        option.value = value;
        return option;
      }),
    );
  };
  const follow = () => {
    const trades = tradesOf(select.selectedOptions[0]);
    showSuggestions(trades.length > 0 ? trades : allSuggestions);
    // A member with a single trade: that is almost always the topic.
    if (topic.value.trim() === '' && trades.length === 1) topic.value = trades[0];
  };
  select.addEventListener('change', follow);
  // A member chosen in advance (from their profile) counts as a choice.
  if (select.value !== '') follow();
}
