using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Prompts;
using IessBot.Dialogs.Testing;

namespace IessBot.Tests.Dialogs;

public sealed class PromptValidatorTests
{
    private sealed record SizeLimit(int MaxBytes);

    private static ComponentDialog Ask<T>(Prompt<T> prompt, PromptOptions options)
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("ask",
        [
            (step, ct) => step.PromptAsync(prompt.Id, options, ct),
            (step, ct) => step.EndDialogAsync(step.RawResult, ct),
        ]));
        root.AddDialog(prompt);
        return root;
    }

    [Fact]
    public async Task Validator_sees_the_attempt_count_incremented_before_validation_and_the_options()
    {
        var seen = new List<(int Attempt, string? Text, bool Recognised, int? Limit)>();
        var prompt = new TextPrompt("text", (context, _) =>
        {
            seen.Add((context.AttemptCount, context.Recognized.Value, context.Recognized.Succeeded, context.Options.GetValidations<SizeLimit>()?.MaxBytes));
            return Task.FromResult(context.AttemptCount == 3);
        });
        var options = new PromptOptions { Prompt = MessageFactory.Text("¿Texto?") }.WithValidations(new SizeLimit(1024));
        var client = new DialogTestClient(Channels.Test, Ask(prompt, options));

        await client.SendActivityAsync("empezar");
        await client.SendActivityAsync("a");
        await client.SendActivityAsync("b");
        await client.SendActivityAsync("c");

        Assert.Equal([(1, "a", true, 1024), (2, "b", true, 1024), (3, "c", true, 1024)], seen);
        Assert.Equal((DialogTurnStatus.Complete, (object?)"c"), (client.DialogTurnResult!.Status, client.DialogTurnResult.Result));
    }

    [Fact]
    public async Task Without_a_retry_prompt_the_prompt_itself_is_sent_again()
    {
        var client = new DialogTestClient(Channels.Test, Ask(new TextPrompt("text", (_, _) => Task.FromResult(false)), new PromptOptions { Prompt = MessageFactory.Text("¿Texto?") }));
        await client.SendActivityAsync("empezar");

        var reply = await client.SendActivityAsync("x");

        Assert.Equal("¿Texto?", reply?.Text);
        Assert.Equal(InputHints.ExpectingInput, reply?.InputHint);
    }

    [Fact]
    public async Task Validator_knows_the_last_attempt_and_the_prompt_then_ends_as_gave_up()
    {
        var lastAttemptFlags = new List<bool>();
        var prompt = new TextPrompt("text", (context, _) =>
        {
            lastAttemptFlags.Add(context.IsLastAttempt);
            context.Context.Send(MessageFactory.Text(context.IsLastAttempt ? "Último intento fallido." : "No es válido."));
            return Task.FromResult(false);
        });
        var client = new DialogTestClient(Channels.Test, Ask(prompt, new PromptOptions { Prompt = MessageFactory.Text("¿Texto?"), MaxAttempts = 3 }));
        await client.SendActivityAsync("empezar");

        await client.SendActivityAsync("a");
        await client.SendActivityAsync("b");
        var last = await client.SendActivityAsync("c");

        Assert.Equal([false, false, true], lastAttemptFlags);
        Assert.Equal("Último intento fallido.", last?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Same(PromptGaveUp.Instance, client.DialogTurnResult?.Result);
    }

    [Fact]
    public async Task Attachment_prompt_retries_on_text_and_returns_the_attachments()
    {
        var client = new DialogTestClient(Channels.Test, Ask(new AttachmentPrompt("files"), new PromptOptions
        {
            Prompt = MessageFactory.Text("Adjunte el archivo."),
            RetryPrompt = MessageFactory.Text("Adjunte un archivo PDF, JPG o PNG."),
        }));
        await client.SendActivityAsync("empezar");

        var retry = await client.SendActivityAsync("no tengo");
        var file = new Attachment { ContentType = "application/pdf", ContentUrl = "https://example.test/a.pdf", Name = "a.pdf" };
        await client.SendActivityAsync(new Activity { Type = ActivityTypes.Message, Attachments = [file] });

        Assert.Equal("Adjunte un archivo PDF, JPG o PNG.", retry?.Text);
        var attachments = Assert.IsAssignableFrom<IReadOnlyList<Attachment>>(client.DialogTurnResult?.Result);
        Assert.Equal(file, Assert.Single(attachments));
    }

    [Fact]
    public async Task Attachment_validator_can_reject_by_type_with_its_own_message()
    {
        var prompt = new AttachmentPrompt("files", (context, _) =>
        {
            var ok = context.Recognized.Succeeded && context.Recognized.Value!.All(a => a.ContentType == "application/pdf");
            if (!ok && context.Recognized.Succeeded)
            {
                context.Context.Send(MessageFactory.Text("Solo se aceptan archivos PDF."));
            }
            return Task.FromResult(ok);
        });
        var client = new DialogTestClient(Channels.Test, Ask(prompt, new PromptOptions { Prompt = MessageFactory.Text("Adjunte."), RetryPrompt = MessageFactory.Text("Adjunte otra vez.") }));
        await client.SendActivityAsync("empezar");

        var reply = await client.SendActivityAsync(new Activity { Attachments = [new Attachment { ContentType = "image/gif", ContentUrl = "https://example.test/a.gif" }] });

        Assert.Equal("Solo se aceptan archivos PDF.", reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);
    }

    [Fact]
    public async Task Prompt_without_options_is_refused()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("ask", [(step, ct) => step.BeginDialogAsync("text", null, ct)]));
        root.AddDialog(new TextPrompt("text"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new DialogTestClient(Channels.Test, root).SendActivityAsync("hola"));

        Assert.Contains("PromptOptions", error.Message);
    }
}
