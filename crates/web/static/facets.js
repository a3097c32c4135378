// Progressive enhancement of the search filters: a box that narrows a long list of values
// as you type. Without JavaScript the whole list is there and scrolls.
document.querySelectorAll('.facet-filter').forEach((box) => {
  box.hidden = false;
  const input = box.querySelector('input');
  const list = document.getElementById(input.dataset.filters);
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  input.addEventListener('input', () => {
    const want = fold(input.value.trim());
    list.querySelectorAll('li').forEach((li) => {
      li.hidden = want !== '' && !fold(li.textContent).includes(want) && !li.querySelector('input:checked');
    });
  });
});
