// Participatory budgeting ballots: a live running total of the chosen projects' costs beside the
// checkboxes. Without JavaScript the total is shown after the ballot is sent (and refused if over).
export function startBudgetTotals(root = document) {
  for (const total of root.querySelectorAll('[data-module="app-pb-total"]')) {
    const form = total.closest('form');
    if (!form) continue;
    const budget = Number(total.dataset.budget);
    const pounds = (n) => `£${n.toLocaleString('en-GB')}`;
    const update = () => {
      let sum = 0;
      for (const box of form.querySelectorAll('input[type="checkbox"][data-cost]:checked'))
        sum += Number(box.dataset.cost);
      total.textContent =
        `You have chosen projects costing ${pounds(sum)} of ${pounds(budget)}` +
        (sum > budget ? `: ${pounds(sum - budget)} over the budget.` : `: ${pounds(budget - sum)} left.`);
    };
    form.addEventListener('change', update);
    update();
  }
}
startBudgetTotals();
