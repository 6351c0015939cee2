/** A flow of two sequential agents, each writing one file in its own scope (run-end and kill-point tests). */
export const TWO_STEP_FLOW = `version: 1
agents:
  one:
    run: 'mkdir -p docs; echo 1 > docs/one.md'
    writes: [docs/**]
  two:
    run: 'mkdir -p lib; echo 2 > lib/two.txt'
    writes: [lib/**]
workflows:
  idea_to_feature:
    steps:
      - agent: one
      - agent: two
`;
