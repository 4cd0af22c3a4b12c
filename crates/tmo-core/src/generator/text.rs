//! The words of the bundled kitchen dataset: activities, cameras, prompts and answer
//! templates, kept apart from the sampling logic.
//!
//! All text is the project's own. Templates may use these slots, filled per episode:
//! `{activity}` (what the person is doing), `{object}` (the main thing handled),
//! `{tool}`, `{place}` (where it happens) and `{camera}` (a camera that was uploaded).
//! No non-refusal template may contain `sorry`, `I don't have` or `can't` (the
//! keyword rule of SIMULATOR.md §2); every refusal template contains one of them.

/// One of the 20 ActionSense kitchen activities a scene shows.
pub struct Activity {
    /// What the person is doing, as a gerund phrase.
    pub activity: &'static str,
    /// The main thing being handled.
    pub object: &'static str,
    /// The tool or container in use.
    pub tool: &'static str,
    /// Where in the kitchen it happens.
    pub place: &'static str,
}

/// The 20 activities, one per scene.
pub const ACTIVITIES: [Activity; 20] = [
    act(
        "peeling a cucumber",
        "cucumber",
        "peeler",
        "at the cutting board by the sink",
    ),
    act(
        "slicing a cucumber",
        "cucumber",
        "chef's knife",
        "at the cutting board by the sink",
    ),
    act(
        "peeling potatoes",
        "potatoes",
        "peeler",
        "over the compost bowl on the counter",
    ),
    act(
        "slicing potatoes",
        "potatoes",
        "chef's knife",
        "on the wooden board next to the stove",
    ),
    act(
        "slicing bread",
        "loaf of bread",
        "bread knife",
        "on the bread board by the toaster",
    ),
    act(
        "spreading almond butter on toast",
        "jar of almond butter",
        "butter knife",
        "at the counter by the toaster",
    ),
    act(
        "spreading jelly on bread",
        "jar of jelly",
        "butter knife",
        "at the counter by the toaster",
    ),
    act(
        "opening and closing a jar",
        "jar",
        "jar lid",
        "at the end of the counter",
    ),
    act(
        "pouring water into glasses",
        "water pitcher",
        "glasses",
        "at the kitchen table",
    ),
    act(
        "cleaning a plate with a sponge",
        "plate",
        "sponge",
        "at the sink",
    ),
    act(
        "drying a plate with a towel",
        "plate",
        "dish towel",
        "beside the drying rack",
    ),
    act(
        "scrubbing a pan with a sponge",
        "frying pan",
        "sponge",
        "at the sink",
    ),
    act(
        "drying a pan with a towel",
        "frying pan",
        "dish towel",
        "next to the stove",
    ),
    act(
        "getting items from the cabinets",
        "mixing bowls",
        "upper cabinet",
        "by the pantry wall",
    ),
    act(
        "setting the table",
        "plates and cutlery",
        "placemats",
        "at the kitchen table",
    ),
    act(
        "stacking dishes on the table",
        "stack of plates",
        "serving tray",
        "at the kitchen table",
    ),
    act(
        "loading the dishwasher",
        "dirty dishes",
        "dishwasher rack",
        "by the dishwasher",
    ),
    act(
        "unloading the dishwasher",
        "clean dishes",
        "dishwasher rack",
        "by the dishwasher",
    ),
    act(
        "clearing the cutting board",
        "vegetable scraps",
        "cutting board",
        "by the compost bin",
    ),
    act(
        "getting items from the refrigerator",
        "milk and eggs",
        "refrigerator door",
        "in front of the fridge",
    ),
];

const fn act(
    activity: &'static str,
    object: &'static str,
    tool: &'static str,
    place: &'static str,
) -> Activity {
    Activity {
        activity,
        object,
        tool,
        place,
    }
}

/// What camera `m` is, as a phrase ("your head camera").
pub fn camera(m: usize) -> String {
    match m {
        0 => "your head camera".to_owned(),
        1 => "the camera over the counter".to_owned(),
        2 => "the camera by the doorway".to_owned(),
        m => format!("room camera {m}"),
    }
}

/// A prompt and the answers each kind of call tends to give it.
pub struct Prompt {
    /// What the user says.
    pub question: &'static str,
    /// Generic answers of the small local model.
    pub local: [&'static str; 2],
    /// Cloud answers from the text alone.
    pub cloud_text: [&'static str; 2],
    /// Cloud answers that use the uploaded camera views.
    pub cloud_views: [&'static str; 2],
}

/// One task category: its name, prompts and refusals.
pub struct Task {
    /// The `task_cat` value.
    pub name: &'static str,
    /// Its five prompts.
    pub prompts: [Prompt; 5],
    /// Local answers that decline (each trips the keyword rule).
    pub local_refusals: [&'static str; 3],
}

/// A text-only cloud answer that declines (trips the keyword rule).
pub const CLOUD_TEXT_REFUSAL: &str =
    "I'm sorry, I need a little more detail about your kitchen to help with that.";

/// A cloud answer that declines despite the upload (trips the keyword rule).
pub const CLOUD_VIEWS_REFUSAL: &str = "I can't make out enough in the picture from {camera} to answer that; could you move a little closer?";

/// The four task categories of the kitchen dataset, in calibration order.
pub const TASKS: [Task; 4] = [
    Task {
        name: "Assistive System",
        prompts: [
            Prompt {
                question: "Can you set the thermostat to 21 degrees?",
                local: [
                    "Okay, setting the thermostat to 21 degrees.",
                    "Thermostat set to 21 °C. It should feel warmer in a few minutes.",
                ],
                cloud_text: [
                    "Done: the thermostat is now at 21 °C. The heating will run for about ten minutes to get there.",
                    "I've set the kitchen thermostat to 21 degrees and left the schedule for tonight unchanged.",
                ],
                cloud_views: [
                    "Done, the thermostat is at 21 °C. I can see you're {activity}, so I kept the fan on low to avoid drafts over the counter.",
                    "Set to 21 degrees. From {camera} the window above the sink looks open; you may want to close it so the room warms up.",
                ],
            },
            Prompt {
                question: "Make the lights over the counter a bit brighter.",
                local: [
                    "Brightening the counter lights.",
                    "Sure, counter lights up to 80 percent.",
                ],
                cloud_text: [
                    "I've raised the under-cabinet lights to 80 percent; say \"brighter\" again if you need more.",
                    "Counter lights are brighter now. I left the ceiling light as it was.",
                ],
                cloud_views: [
                    "Brighter now. I raised the light right above where you're {activity} so the {object} isn't in your shadow.",
                    "Done. {Camera} showed the board was quite dim, so I set the counter strip to full and the ceiling to half.",
                ],
            },
            Prompt {
                question: "Put the evening news on the TV.",
                local: [
                    "Turning on the TV and switching to the news channel.",
                    "Okay, the news is on.",
                ],
                cloud_text: [
                    "The living-room TV is on with the evening news, volume at 15.",
                    "I've started the 6 o'clock news on the TV. Want captions on while you cook?",
                ],
                cloud_views: [
                    "The news is on. Since you're busy {activity}, I turned the volume up a little so you can hear it over the tap.",
                    "Started the evening news. From {camera} I can see you facing away from the screen, so I switched on captions too.",
                ],
            },
            Prompt {
                question: "Turn on the extractor fan, please.",
                local: [
                    "Extractor fan on.",
                    "Okay, the fan over the stove is running.",
                ],
                cloud_text: [
                    "The extractor fan is on at medium speed. I'll switch it off in 20 minutes unless you say otherwise.",
                    "Fan's on. Tell me if you want it on high.",
                ],
                cloud_views: [
                    "Fan on at low. There's no steam in the shot from {camera}, so low should be enough while you're {activity}.",
                    "I've started the extractor fan. From {camera} the stove looks off, so I set a 10-minute timer for it.",
                ],
            },
            Prompt {
                question: "Start the dishwasher when I'm done here.",
                local: [
                    "Okay, I'll start the dishwasher later.",
                    "The dishwasher will start in 30 minutes.",
                ],
                cloud_text: [
                    "I've scheduled the dishwasher for the eco cycle in 30 minutes, so you have time to add the last things.",
                    "Got it: the dishwasher starts on the normal cycle as soon as you close the door.",
                ],
                cloud_views: [
                    "Will do. I can see you're {activity}; I'll start the eco cycle once you step away from the {tool}.",
                    "Scheduled. From {camera} the top rack still has space, so you could add the {object} before it runs.",
                ],
            },
        ],
        local_refusals: [
            "I'm sorry, I can't reach the smart-home hub from this device.",
            "I can't control that appliance yet; it isn't linked to me.",
            "Sorry, I don't have access to your home devices right now.",
        ],
    },
    Task {
        name: "Message Editing",
        prompts: [
            Prompt {
                question: "Text Maya that I'll be ten minutes late.",
                local: [
                    "Message to Maya: \"I'll be 10 minutes late.\" Send?",
                    "Drafted: \"Hi Maya, running ten minutes late.\"",
                ],
                cloud_text: [
                    "Here's a draft for Maya: \"Hi! Running about ten minutes behind, see you soon.\" Shall I send it?",
                    "Sent to Maya: \"Sorry to keep you waiting, I'll be there in about ten minutes!\"",
                ],
                cloud_views: [
                    "Draft for Maya: \"Running ten minutes late, just finishing {activity}.\" Send it?",
                    "Message ready: \"Ten minutes late, still {activity}!\" Send it now?",
                ],
            },
            Prompt {
                question: "Write a note for the fridge: we're out of eggs.",
                local: [
                    "Note: \"We are out of eggs.\"",
                    "Fridge note saved: \"Out of eggs.\"",
                ],
                cloud_text: [
                    "Fridge note: \"Out of eggs! Whoever goes to the shop next, please grab a dozen.\"",
                    "I've pinned \"We're out of eggs, please buy more\" to the family board on the fridge screen.",
                ],
                cloud_views: [
                    "Note added: \"Out of eggs, grab a dozen.\" {Camera} also shows the milk is nearly gone; add that too?",
                    "{Camera} shows the egg tray empty on the fridge door, so I pinned \"No eggs left\" to the fridge screen.",
                ],
            },
            Prompt {
                question: "Send my neighbour a thank-you for the jam.",
                local: [
                    "Message: \"Thank you for the jam.\"",
                    "Drafted a thank-you: \"Thanks for the jam!\"",
                ],
                cloud_text: [
                    "Draft: \"Thank you so much for the jam, it's already half gone! Let me know when I can return the jar.\"",
                    "Sent: \"Thanks again for the jam, it was lovely on toast this morning.\"",
                ],
                cloud_views: [
                    "Draft: \"Thanks for the jam! I'm about to try it, I'm {activity} right now.\" Send?",
                    "Message ready: \"Thank you for the jam!\" I'll send it once you've finished {activity}.",
                ],
            },
            Prompt {
                question: "Send my brother the shopping list.",
                local: [
                    "Sending the shopping list to your brother.",
                    "Shared the list with your brother.",
                ],
                cloud_text: [
                    "I've sent your brother this week's list: milk, eggs, bread, cucumbers and washing-up liquid.",
                    "Shared the shopping list with your brother and asked him to tick items off as he goes.",
                ],
                cloud_views: [
                    "Sent the list to your brother. From {camera} you're low on {object}, so I added it at the top.",
                    "List shared. From {camera}, the dish soap by the sink looks nearly empty, so I added it.",
                ],
            },
            Prompt {
                question: "Tell the family chat dinner is at seven.",
                local: [
                    "Posted: \"Dinner at 7.\"",
                    "Message to family: \"Dinner is at seven.\"",
                ],
                cloud_text: [
                    "Posted to the family chat: \"Dinner's at 7 tonight, come hungry!\"",
                    "Sent: \"Dinner at seven, please be home by then.\" Two people have already read it.",
                ],
                cloud_views: [
                    "Posted: \"Dinner at 7!\" Looks like you're {activity} already, so I didn't ask anyone to help set up.",
                    "Sent to the family chat: \"Dinner at seven!\" From {camera} the table isn't set yet; want me to ask someone to help?",
                ],
            },
        ],
        local_refusals: [
            "I'm sorry, I can't send messages without your contacts.",
            "I don't have a messaging account linked, so I can't send that.",
            "Sorry, that message can't be sent while you're offline.",
        ],
    },
    Task {
        name: "Query",
        prompts: [
            Prompt {
                question: "Where did I put the peeler?",
                local: [
                    "Peelers are usually kept in the utensil drawer near the sink.",
                    "Try the drawer next to the stove, or the drying rack.",
                ],
                cloud_text: [
                    "Most kitchens keep the peeler in the top utensil drawer; it also often ends up in the drying rack after washing.",
                    "Check the utensil drawer first, then the sink and the dish rack.",
                ],
                cloud_views: [
                    "It's {place}, right next to the {object}; {camera} shows its handle by the edge of the board.",
                    "I see it in the frame from {camera}: on the counter beside the {tool}.",
                ],
            },
            Prompt {
                question: "How many calories are in what I'm making?",
                local: [
                    "A typical snack like that has about 200 to 300 calories.",
                    "Around 250 calories per serving, depending on the ingredients.",
                ],
                cloud_text: [
                    "Most light kitchen snacks land between 150 and 350 calories; tell me the ingredients and I'll be precise.",
                    "Roughly 250 kcal for a normal portion, though it depends a lot on spreads and oil.",
                ],
                cloud_views: [
                    "You're {activity}: going by the {object} in view, that portion is about 180 calories.",
                    "From {camera}, this looks like one serving with the {object}; about 220 calories.",
                ],
            },
            Prompt {
                question: "Is there any milk left in the fridge?",
                local: [
                    "Milk usually goes on the fridge door; check there.",
                    "Your last grocery order had two litres of milk.",
                ],
                cloud_text: [
                    "Your last shopping list had milk crossed off on Monday, so there should still be some.",
                    "Probably: you bought two litres three days ago. The fridge door shelf is the place to check.",
                ],
                cloud_views: [
                    "Yes, {camera} shows a half-full carton on the top shelf of the fridge door.",
                    "There's one carton left, behind the {object} on the middle shelf.",
                ],
            },
            Prompt {
                question: "Which drawer are the measuring spoons in?",
                local: [
                    "Measuring spoons are usually in the top drawer with the utensils.",
                    "Try the second drawer under the counter.",
                ],
                cloud_text: [
                    "Last time you asked they were in the second drawer left of the stove.",
                    "Usually the top utensil drawer; if not, the baking drawer under the oven.",
                ],
                cloud_views: [
                    "From {camera}, the second drawer to your left is half open and the spoons are on top.",
                    "They're in the drawer right below where you're {activity}.",
                ],
            },
            Prompt {
                question: "Is the stove still on?",
                local: [
                    "The smart plug on the stove reports it as off.",
                    "The stove was last switched off 20 minutes ago.",
                ],
                cloud_text: [
                    "The stove's sensor says all burners have been off for 15 minutes.",
                    "According to the oven log it's off. The back burner was used an hour ago.",
                ],
                cloud_views: [
                    "It's off: {camera} shows no flame and the knobs all turned to zero.",
                    "All burners look off; the {tool} on the back burner isn't steaming.",
                ],
            },
        ],
        local_refusals: [
            "I'm sorry, I can't see your kitchen, so I don't know where that is.",
            "I don't have a view of the room; I can't tell from here.",
            "Sorry, I can't check that without a camera.",
        ],
    },
    Task {
        name: "Recommendation",
        prompts: [
            Prompt {
                question: "What could I make for dinner with what's here?",
                local: [
                    "How about a simple pasta with vegetables?",
                    "A stir-fry is quick and works with most ingredients.",
                ],
                cloud_text: [
                    "A vegetable frittata is quick and uses up odds and ends: eggs, any vegetables, a bit of cheese.",
                    "Try a potato and cucumber salad with a yogurt dressing; it takes about 20 minutes.",
                ],
                cloud_views: [
                    "With the {object} you've got out, a quick salad with toasted bread would work; {camera} also shows eggs for a frittata.",
                    "Since you're already {activity}, roast potatoes with a cucumber yogurt dip would use what's on the counter.",
                ],
            },
            Prompt {
                question: "What should I do next?",
                local: [
                    "Finish the current step, then tidy the counter.",
                    "Next, wash your hands and prepare the next ingredient.",
                ],
                cloud_text: [
                    "Good order for kitchen jobs: finish the messy step, wipe the counter, then start the next dish.",
                    "If you're cooking, get the pan heating while you prep; otherwise clear the sink next.",
                ],
                cloud_views: [
                    "You're nearly done {activity}. Next, rinse the {tool} and set the {object} aside.",
                    "From {camera} the board is full; move what's finished into a bowl, then carry on.",
                ],
            },
            Prompt {
                question: "What do I need to buy this week?",
                local: [
                    "Common staples: milk, eggs, bread and fruit.",
                    "Check your usual list: milk, bread, vegetables.",
                ],
                cloud_text: [
                    "Based on last week: milk, eggs, bread, potatoes and washing-up liquid. You bought cucumbers on Sunday.",
                    "Your regular list plus coffee, which you haven't bought in two weeks.",
                ],
                cloud_views: [
                    "From what {camera} shows, you're low on {object} and dish soap; add bread and milk as usual.",
                    "{Camera} shows the shelves full of jars but short on vegetables; I'd add potatoes, cucumbers and salad.",
                ],
            },
            Prompt {
                question: "Any tips to do this faster?",
                local: [
                    "Work in batches and keep your tools within reach.",
                    "Prepare everything first, then do one task at a time.",
                ],
                cloud_text: [
                    "Set out everything before you start, work left to right, and keep a bowl for scraps.",
                    "Batch the repetitive parts and clean as you go, so nothing piles up at the end.",
                ],
                cloud_views: [
                    "For {activity}: hold the {object} steady with your other hand and use longer strokes with the {tool}.",
                    "I can see you moving back and forth; bring everything {place} first and you'll save a lot of steps.",
                ],
            },
            Prompt {
                question: "What goes well with this for lunch?",
                local: [
                    "A side salad or some soup would go well.",
                    "Try adding fruit or yogurt on the side.",
                ],
                cloud_text: [
                    "A light soup or a green salad balances most lunches; add some nuts for protein.",
                    "Pair it with something crunchy and fresh: sliced apple, carrots, or a cucumber salad.",
                ],
                cloud_views: [
                    "With the {object} you're preparing, a tomato soup or a glass of milk would round it out.",
                    "From {camera}: there's fruit in the bowl by the window; an apple would go nicely with it.",
                ],
            },
        ],
        local_refusals: [
            "I'm sorry, I can't see what you have, so I can't suggest much.",
            "I don't have your pantry contents; maybe check what's in the fridge?",
            "Sorry, I can't recommend anything specific without more detail.",
        ],
    },
];

/// Fills a template's slots from the scene and the camera used.
pub fn fill(template: &str, scene: &Activity, camera_view: Option<usize>) -> String {
    let camera_phrase = camera(camera_view.unwrap_or(0));
    template
        .replace("{activity}", scene.activity)
        .replace("{object}", scene.object)
        .replace("{tool}", scene.tool)
        .replace("{place}", scene.place)
        .replace("{Camera}", &capitalised(&camera_phrase))
        .replace("{camera}", &camera_phrase)
}

fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
