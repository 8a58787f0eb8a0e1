// A small question–answer corpus written for this course, for the character-level GPT milestone.
export const QA_CORPUS = `Q: What is a tensor?
A: An array of numbers with a shape.

Q: What does a matmul cost?
A: Two flops per multiply and add.

Q: Why do we batch inputs?
A: To keep the cores busy.

Q: What does backward compute?
A: The gradient of the loss.

Q: What is a learning rate?
A: The size of each step.

Q: Why shuffle the data?
A: So each batch is a fair sample.

Q: What does attention compute?
A: A weighted sum of values.

Q: Why divide by the square root of d?
A: To keep the scores small.

Q: What does a causal mask block?
A: The tokens of the future.

Q: What does layer norm fix?
A: The scale of each vector.

Q: What is a token?
A: A piece of text with an id.

Q: Why use a GPU?
A: It does many flops at once.

Q: What limits a small model?
A: Memory moves, not flops.

Q: What is an epoch?
A: One pass over the data.

Q: Why clip the gradient?
A: To stop one step from exploding.

Q: What does dropout do?
A: It zeroes values at random.

Q: What is a residual?
A: The input added to the output.

Q: What is the loss?
A: How wrong the model is.
`
